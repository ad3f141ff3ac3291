/**
 * Template text <-> token keys. A template is its tokens joined by one space; a token key holds one
 * private-use character per masked span, shown as `<NAME>` (`<*>` for a generalised token).
 */
import { M, MaskRegistry } from './masks.js';

const MASK_REF = /<([A-Z*][A-Z0-9_]*|\*)>/g;

/** Show a token key as text: `blk_\uE009` → `blk_<NUM>`. */
export function renderKey(key: string, registry: MaskRegistry): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < key.length; i++) {
    const mask = registry.maskOfCode(key.charCodeAt(i));
    if (mask < 0) continue;
    out += `${key.slice(from, i)}<${registry.name(mask)}>`;
    from = i + 1;
  }
  return from === 0 ? key : out + key.slice(from);
}

/** Read a template token back into its key: `<NAME>` of a known mask becomes the mask's character. */
export function parseToken(token: string, registry: MaskRegistry): string {
  return token.replace(MASK_REF, (ref, name: string) => (registry.has(name) ? registry.char(registry.index(name)) : ref));
}

/** The tokens of a template text. */
export function splitTemplate(text: string): string[] {
  const trimmed = text.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

/** A template with every named mask shown as `<*>`, the way Loghub's ground truth writes variables. */
export function genericTemplate(text: string): string {
  return text.replace(MASK_REF, '<*>');
}

/** The key of the whole-token wildcard `<*>`. */
export const WILD_KEY = String.fromCharCode(MaskRegistry.BASE + M.WILDCARD);
