/**
 * Template names in factor sentences, filled in after the fact. Scoring that runs while lines still
 * arrive (a scan's stream scorer) or on another thread cannot name templates as they will be when
 * the input ends: a template's text still generalises (the miner turns a token into <*> when a
 * later line differs there), and a name function does not cross to a worker. Such scoring writes a
 * placeholder per template id, and `fillLabels` replaces the placeholders once the names are final.
 * Pure.
 */
import type { Factor } from '../../domain/index.js';

const MARK = '\u0000';
const PLACEHOLDER = /\u0000(\d+)\u0000/g;

/** The label function to score with: a placeholder for the template id. */
export const placeholderLabel = (templateId: number): string => `${MARK}${templateId}${MARK}`;

/** The factors with every placeholder in their strings (and string lists) replaced by `label(id)`. */
export function fillLabels(factors: readonly Factor[], label: (templateId: number) => string): Factor[] {
  const fill = (text: string): string => (text.includes(MARK) ? text.replace(PLACEHOLDER, (_, id: string) => label(Number(id))) : text);
  return factors.map((factor) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(factor)) {
      out[key] = typeof value === 'string' ? fill(value) : Array.isArray(value) ? value.map((v: unknown) => (typeof v === 'string' ? fill(v) : v)) : value;
    }
    return out as Factor;
  });
}
