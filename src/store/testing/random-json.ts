/** Random parameter lists and attribute objects, for tests that must write exactly JSON.stringify's text. */
import { mulberry32 } from '../../shared/mulberry32.js';

/** Strings of plain text, with now and then a character JSON escapes (quote, backslash, control, lone or paired surrogate). */
function randomString(r: () => number): string {
  const specials = ['"', '\\', '\n', '\u0001', '\u001f', '\ud800', '\udc00', '😀', 'é', '/', '\u2028'];
  let s = '';
  const n = Math.floor(r() * 8);
  for (let i = 0; i < n; i++) s += r() < 0.1 ? specials[Math.floor(r() * specials.length)] : String.fromCharCode(32 + Math.floor(r() * 95));
  return s;
}

/** `n` rows' params and attrs (seeded): mostly plain strings, now and then a number, a nested object or null. */
export function randomJsonRows(n: number, seed = 7): { params: string[]; attrs: Record<string, unknown> }[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const params = Array.from({ length: Math.floor(r() * 4) }, () => randomString(r));
    const attrs: Record<string, unknown> = {};
    for (let k = Math.floor(r() * 4); k > 0; k--) {
      const roll = r();
      attrs[randomString(r)] = roll < 0.7 ? randomString(r) : roll < 0.8 ? Math.floor(r() * 100) : roll < 0.9 ? { nested: randomString(r) } : null;
    }
    return { params, attrs };
  });
}
