import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/mulberry32.js';
import { attrsJson, paramsJson } from './row-json.js';

/** Strings of plain text, with now and then a character JSON escapes (quote, backslash, control, lone or paired surrogate). */
function randomString(r: () => number): string {
  const specials = ['"', '\\', '\n', '\u0001', '\u001f', '\ud800', '\udc00', '😀', 'é', '/', '\u2028'];
  let s = '';
  const n = Math.floor(r() * 8);
  for (let i = 0; i < n; i++) s += r() < 0.1 ? specials[Math.floor(r() * specials.length)] : String.fromCharCode(32 + Math.floor(r() * 95));
  return s;
}

describe('row JSON', () => {
  it('writes exactly what JSON.stringify writes, for 20,000 random parameter lists and attribute objects', () => {
    const r = mulberry32(7);
    for (let i = 0; i < 20_000; i++) {
      const params = Array.from({ length: Math.floor(r() * 4) }, () => randomString(r));
      expect(paramsJson(params)).toBe(JSON.stringify(params));
      const attrs: Record<string, unknown> = {};
      for (let k = Math.floor(r() * 4); k > 0; k--) {
        const roll = r();
        attrs[randomString(r)] = roll < 0.7 ? randomString(r) : roll < 0.8 ? Math.floor(r() * 100) : roll < 0.9 ? { nested: randomString(r) } : null;
      }
      expect(attrsJson(attrs)).toBe(JSON.stringify(attrs));
    }
  });

  it('writes empty and missing values as [] and {}', () => {
    expect(paramsJson([])).toBe('[]');
    expect(paramsJson(null)).toBe('[]');
    expect(attrsJson({})).toBe('{}');
    expect(attrsJson(undefined)).toBe('{}');
  });

  it('keeps key order, integer-like keys first as JSON.stringify does', () => {
    const attrs = { b: 'x', 2: 'y', a: 'z', 1: 'w' };
    expect(attrsJson(attrs)).toBe(JSON.stringify(attrs));
    expect(attrsJson(attrs)).toBe('{"1":"w","2":"y","b":"x","a":"z"}');
  });

  it('leaves out undefined values and inherited keys, as JSON.stringify does', () => {
    expect(attrsJson({ a: 'x', b: undefined })).toBe('{"a":"x"}');
    const inherited = Object.create({ up: 'no' }) as Record<string, unknown>;
    inherited.own = 'yes';
    expect(attrsJson(inherited)).toBe('{"own":"yes"}');
  });
});
