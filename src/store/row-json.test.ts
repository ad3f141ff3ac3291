import { describe, expect, it } from 'vitest';
import { attrsJson, paramsJson } from './row-json.js';
import { randomJsonRows } from './testing/random-json.js';

describe('row JSON', () => {
  it('writes exactly what JSON.stringify writes, for 20,000 random parameter lists and attribute objects', () => {
    for (const { params, attrs } of randomJsonRows(20_000)) {
      expect(paramsJson(params)).toBe(JSON.stringify(params));
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
