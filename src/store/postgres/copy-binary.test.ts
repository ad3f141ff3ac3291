import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, TEST_PG_URL } from '../testing/backends.js';
import { BinaryCopyWriter } from './copy-binary.js';

describe('BinaryCopyWriter.int8', () => {
  it('refuses what is not a safe integer instead of writing some other number', () => {
    for (const bad of [Number.NaN, 1.5, Infinity, 2 ** 53]) expect(() => new BinaryCopyWriter().row(1).int8(bad)).toThrow(RangeError);
  });
});

describe('BinaryCopyWriter JSON fields', () => {
  /** The one field's text, read back from the encoded stream (header 19 bytes, field count 2, length 4). */
  const field = (write: (w: BinaryCopyWriter) => BinaryCopyWriter) => {
    const stream = Buffer.concat(write(new BinaryCopyWriter().row(1)).end());
    const length = stream.readInt32BE(21);
    return stream.subarray(25, 25 + length).toString('utf8');
  };
  const awkward = ['say "hi"', 'back\\slash', 'tab\there', 'ünï 🚀', '\u0001', '\ud800', ''];

  it('writes string arrays exactly as JSON.stringify does, plain or needing escapes', () => {
    for (const values of [[], ['a'], ['42', '/api/v1/items/7', 'x y'], awkward]) {
      expect(field((w) => w.jsonStrings(values))).toBe(JSON.stringify(values));
    }
  });

  it('writes attribute objects exactly as JSON.stringify does, {} when empty', () => {
    const objects: Record<string, unknown>[] = [
      { user: 'alice' },
      { b: '1', a: '2', 10: 'x', 2: 'y' }, // integer-like keys come first, ascending, as JSON.stringify orders them
      { user: 'bob', bytes: 512, ok: true, nested: { a: [1] }, none: null },
      Object.fromEntries(awkward.map((v, i) => [`k${i}`, v])),
      { 'key "quoted"': 'v' },
    ];
    for (const attrs of objects) expect(field((w) => w.jsonObject(attrs))).toBe(JSON.stringify(attrs));
    expect(field((w) => w.jsonObject({}))).toBe('{}');
    expect(field((w) => w.jsonObject(null))).toBe('{}');
  });
});

const postgres = BACKENDS.find((b) => b.name === 'postgres');

describe.skipIf(!postgres)('BinaryCopyWriter against PostgreSQL', () => {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  beforeAll(async () => {
    await client.connect();
    await client.query('create temporary table t (n int8, s text, p text)');
  });
  afterAll(() => client.end());

  it('round-trips integers, text, NULL and string arrays across chunk boundaries; NUL becomes U+FFFD', async () => {
    const rows: [number | null, string | null, string[]][] = [
      [0, '', []],
      [-1, 'tab\t newline\n backslash\\ \\N', ['a', 'b c']],
      [Number.MAX_SAFE_INTEGER, 'ünïcödé 🚀 '.repeat(40), ['"quoted"', 'ü']],
      [-Number.MAX_SAFE_INTEGER, null, ['x'.repeat(300)]],
      [null, 'nul\0inside', []],
      [1_705_320_000_123, 'plain', ['1', '2', '3']],
    ];
    // Chunks of 64 bytes: rows continue in the next chunk, and a long field gets a larger one.
    const out = new BinaryCopyWriter(64);
    for (const [n, s, p] of rows) out.row(3).int8(n).text(s).jsonStrings(p);
    const chunks = out.end();
    expect(chunks.length).toBeGreaterThan(2);
    const stream = client.query(copyFrom('copy t from stdin with (format binary)'));
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
    await finished(stream);
    const back = await client.query<{ n: string | null; s: string | null; p: string }>('select n::text, s, p from t');
    expect(back.rows).toEqual(rows.map(([n, s, p]) => ({ n: n === null ? null : String(n), s: s?.replace('\0', '\uFFFD') ?? null, p: JSON.stringify(p) })));
  });
});
