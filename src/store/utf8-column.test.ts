import { describe, expect, it } from 'vitest';
import { randomJsonRows } from './testing/random-json.js';
import { concatUtf8, revivedUtf8, textAt, Utf8ColumnBuilder, type Utf8Column } from './utf8-column.js';

const column = (add: (b: Utf8ColumnBuilder) => void, length: number, expectedBytes?: number): Utf8Column => {
  const b = new Utf8ColumnBuilder(length, expectedBytes);
  add(b);
  return b.finish();
};
const texts = (c: Utf8Column, n: number) => Array.from({ length: n }, (_, i) => textAt(c, i));

describe('Utf8ColumnBuilder', () => {
  it('gives back every value, empty strings and nulls apart, in any alphabet', () => {
    const values = ['', 'a', null, 'αβγ \u{1F600}', '', 'x'.repeat(5000), undefined, '\ud800 lone', 'end'];
    const c = column((b) => values.forEach((v) => b.add(v)), values.length, 1);
    // A lone surrogate has no UTF-8: it becomes U+FFFD, as every UTF-8 encoder (and SQLite's binding) makes it.
    expect(texts(c, values.length)).toEqual(values.map((v) => (v === '\ud800 lone' ? '\uFFFD lone' : v ?? null)));
  });

  it('gives back values on both sides of the length where it starts writing natively, sliced from longer strings too', () => {
    const line = `2026-01-05T00:00:00Z INFO api ${'m'.repeat(30)} é ${'n'.repeat(30)}`;
    const values: string[] = [];
    for (let n = 20; n <= 28; n++) values.push('a'.repeat(n), 'é'.repeat(n), 'a'.repeat(n - 1) + '\u{1F600}', line.slice(line.length - n), line.slice(30, 30 + n));
    const c = column((b) => values.forEach((v) => b.add(v)), values.length, 1);
    expect(texts(c, values.length)).toEqual(values);
    expect(c.bytes.length).toBe(values.reduce((sum, v) => sum + Buffer.byteLength(v), 0));
  });

  it('carries no null map when nothing is null, and only the bytes written', () => {
    const c = column((b) => (b.add('a'), b.add('')), 2);
    expect(c.nulls).toBeNull();
    expect(c.bytes.toString()).toBe('a');
    expect(Array.from(c.ends)).toEqual([1, 1]);
  });

  const arrays: (string[] | null | undefined)[] = [
    ['user19', '5432', '25'], [], null, undefined, ['with "quote"'], ['back\\slash'], ['tab\there'], ['ünï'], ['\u007f'], ['', ''],
    ['\ud83d\ude80'], ['\ud800'], [1, 'x'] as unknown as string[], ['a', 'b'.repeat(2000)],
  ];
  it('writes a JSON array exactly as JSON.stringify does, whatever its values', () => {
    const c = column((b) => arrays.forEach((a) => b.addJsonArray(a)), arrays.length, 1);
    expect(texts(c, arrays.length)).toEqual(arrays.map((a) => JSON.stringify(a ?? [])));
  });

  const objects: (Record<string, unknown> | null | undefined)[] = [
    { user: 'user19' }, {}, null, undefined, { a: 'x', b: 'y' }, { 'k"ey': 'v' }, { k: 'new\nline' }, { k: 'ünï' }, { status: 500 },
    { tags: ['x'] }, { nested: { a: 'b' } }, { 2: 'two', 1: 'one', z: 'last' }, Object.assign(Object.create({ inherited: 'x' }), { own: 'y' }),
  ];
  it('writes a JSON object exactly as JSON.stringify does, whatever its values and keys', () => {
    const c = column((b) => objects.forEach((o) => b.addJsonObject(o)), objects.length, 1);
    expect(texts(c, objects.length)).toEqual(objects.map((o) => JSON.stringify(o ?? {})));
  });

  it('writes exactly what JSON.stringify writes, for 20,000 random parameter lists and attribute objects', () => {
    const rows = randomJsonRows(20_000);
    const params = column((b) => rows.forEach((r) => b.addJsonArray(r.params)), rows.length);
    const attrs = column((b) => rows.forEach((r) => b.addJsonObject(r.attrs)), rows.length);
    expect(texts(params, rows.length)).toEqual(rows.map((r) => JSON.stringify(r.params)));
    expect(texts(attrs, rows.length)).toEqual(rows.map((r) => JSON.stringify(r.attrs)));
  });

  it('grows past its first Buffer without losing what it held', () => {
    const values = Array.from({ length: 300 }, (_, i) => `value ${i} ${'é'.repeat(i % 7)}`);
    const c = column((b) => values.forEach((v, i) => (i % 3 ? b.add(v) : b.addJsonArray([v]))), values.length, 1);
    expect(texts(c, values.length)).toEqual(values.map((v, i) => (i % 3 ? v : JSON.stringify([v]))));
  });
});

describe('revivedUtf8', () => {
  it('reads a column that crossed as a plain Uint8Array, on the same memory', () => {
    const c = column((b) => (b.add('one'), b.add(null), b.add('zwei')), 3);
    const crossed = structuredClone(c);
    expect(Buffer.isBuffer(crossed.bytes)).toBe(false);
    const revived = revivedUtf8(crossed);
    expect(texts(revived, 3)).toEqual(['one', null, 'zwei']);
    expect(revived.bytes.buffer).toBe(crossed.bytes.buffer);
    expect(revivedUtf8(c)).toBe(c);
  });
});

describe('concatUtf8', () => {
  it('puts columns end to end, nulls where they were', () => {
    const a = column((b) => (b.add('a1'), b.add(null)), 2);
    const b2 = column((b) => (b.add('b1'), b.add('ünï'), b.add(null)), 3);
    const c = concatUtf8([a, b2], [2, 3]);
    expect(texts(c, 5)).toEqual(['a1', null, 'b1', 'ünï', null]);
    expect(concatUtf8([b2, b2], [3, 3]).nulls).not.toBeNull();
    const plain = column((b) => b.add('x'), 1);
    expect(concatUtf8([plain, plain], [1, 1]).nulls).toBeNull();
  });
});
