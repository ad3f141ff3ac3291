import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, TEST_PG_URL } from '../testing/backends.js';
import { CodedColumnBuilder } from '../log-columns.js';
import { Utf8ColumnBuilder } from '../utf8-column.js';
import { BinaryCopyWriter, encodeColumn } from './copy-binary.js';

describe('BinaryCopyWriter.int8', () => {
  it('refuses what is not a safe integer instead of writing some other number', () => {
    for (const bad of [Number.NaN, 1.5, Infinity, 2 ** 53]) expect(() => new BinaryCopyWriter().row(1).int8(bad)).toThrow(RangeError);
  });
});

describe('BinaryCopyWriter.textOf and .coded', () => {
  /** The fields' texts (null for NULL), read back from the encoded stream (header 19 bytes, then one row). */
  const fields = (write: (w: BinaryCopyWriter) => BinaryCopyWriter, count: number) => {
    const stream = Buffer.concat(write(new BinaryCopyWriter(64).row(count)).end());
    const out: (string | null)[] = [];
    for (let at = 21, k = 0; k < count; k++) {
      const length = stream.readInt32BE(at);
      out.push(length < 0 ? null : stream.subarray(at + 4, at + 4 + length).toString('utf8'));
      at += 4 + Math.max(length, 0);
    }
    return out;
  };

  it('writes each value of a text column as `text` writes it: nulls, NUL, non-ASCII, long and empty values', () => {
    const values = ['plain', null, '', 'nul\0inside', 'ünï 🚀', 'x'.repeat(300), `${'y'.repeat(100)}\0`, '\ud800', 'last'];
    const b = new Utf8ColumnBuilder(values.length);
    for (const v of values) b.add(v);
    const column = b.finish();
    const viaColumn = fields((w) => values.reduce((acc, _, i) => acc.textOf(column, i), w), values.length);
    const viaText = fields((w) => values.reduce((acc, v) => acc.text(v), w), values.length);
    expect(viaColumn).toEqual(viaText);
    expect(viaColumn.slice(0, 5)).toEqual(['plain', null, '', 'nul\uFFFDinside', 'ünï 🚀']);
  });

  it('writes each value of a coded column as `text` writes it, repeated values included', () => {
    const values = ['plain', null, '', 'nul\0inside', 'plain', 'ünï 🚀', 'x'.repeat(300), '', 'x'.repeat(300), null, 'last'];
    const b = new CodedColumnBuilder(values.length);
    for (const v of values) b.add(v);
    const column = encodeColumn(b.finish());
    const viaCoded = fields((w) => values.reduce((acc, _, i) => acc.coded(column, i), w), values.length);
    expect(viaCoded).toEqual(fields((w) => values.reduce((acc, v) => acc.text(v), w), values.length));
    expect(viaCoded.slice(0, 6)).toEqual(['plain', null, '', 'nul\uFFFDinside', 'plain', 'ünï 🚀']);
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

  it('round-trips integers, text, NULL and JSON across chunk boundaries; NUL becomes U+FFFD', async () => {
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
    for (const [n, s, p] of rows) out.row(3).int8(n).text(s).text(JSON.stringify(p));
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
