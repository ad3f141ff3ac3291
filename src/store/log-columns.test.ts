import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { logRow, T0 } from './testing/fixtures.js';
import { CodedColumnBuilder, codedAt, LOG_VALUES_PER_ROW, revivedColumns, rowValues, toLogColumns, transferables, type LogColumns } from './log-columns.js';
import { textAt } from './utf8-column.js';

describe('toLogColumns', () => {
  it('binds each row as its values in column order, absent fields as null and JSON encoded', () => {
    const rows = [
      logRow({ ts: T0, service: 'api', message: 'plain', source: { file: 'a.log', line: 1, offset: 0 } }),
      logRow({
        ts: T0 + 1, service: 'db', host: 'h1', level: 'ERROR', rawLevel: 'err', user: 'ann', message: 'full', attrs: { status: 500, tags: ['x'] },
        templateId: 7, params: ['a', 'b"c'], source: { file: 'b.log', line: 2 ** 40, offset: 2 ** 45 },
      }),
    ];
    const cols = toLogColumns(rows);
    const values = (i: number) => {
      const out: unknown[] = new Array(LOG_VALUES_PER_ROW);
      rowValues(cols, i, out, 0);
      return out;
    };
    expect(cols.length).toBe(2);
    expect(values(0)).toEqual([T0, 'api', null, 'INFO', null, null, 'plain', '{}', null, '[]', 'a.log', 1, 0]);
    expect(values(1)).toEqual([T0 + 1, 'db', 'h1', 'ERROR', 'err', 'ann', 'full', '{"status":500,"tags":["x"]}', 7, '["a","b\\"c"]', 'b.log', 2 ** 40, 2 ** 45]);
  });

  it('writes a row at any position of a multi-row statement', () => {
    const cols = toLogColumns([logRow({ message: 'first' }), logRow({ message: 'second', templateId: 0 })]);
    const out: unknown[] = new Array(2 * LOG_VALUES_PER_ROW).fill('untouched');
    rowValues(cols, 1, out, LOG_VALUES_PER_ROW);
    expect(out.slice(0, LOG_VALUES_PER_ROW).every((v) => v === 'untouched')).toBe(true);
    expect(out[LOG_VALUES_PER_ROW + 6]).toBe('second');
    expect(out[LOG_VALUES_PER_ROW + 8]).toBe(0);
  });
});

describe('a batch crossing to another thread', () => {
  it('arrives whole, its memory moved rather than copied', async () => {
    const rows = [logRow({ message: 'first', user: 'ann', attrs: { k: 'v' }, params: ['p'] }), logRow({ message: 'second ünï', params: ['a', 'b'] })];
    const cols = toLogColumns(rows);
    const { port1, port2 } = new MessageChannel();
    const arrived = new Promise<LogColumns>((resolve) => port2.once('message', resolve));
    port1.postMessage(cols, transferables(cols));
    const copy = revivedColumns(await arrived);
    port1.close();
    expect(cols.message.bytes.length).toBe(0); // detached here: the other side has it
    const values = (c: LogColumns, i: number) => {
      const out: unknown[] = new Array(LOG_VALUES_PER_ROW);
      rowValues(c, i, out, 0);
      return out;
    };
    expect([values(copy, 0), values(copy, 1)]).toEqual([values(toLogColumns(rows), 0), values(toLogColumns(rows), 1)]);
    expect(textAt(copy.message, 1)).toBe('second ünï');
  });
});

describe('CodedColumnBuilder', () => {
  it('gives back every value, each distinct one stored once, nulls and empty strings apart', () => {
    // Equal values arrive as distinct string objects (cut from different lines), in runs and apart.
    const values = ['api', 'api', null, 'db', '', 'api', undefined, 'αβγ', 'db', ['d', 'b'].join('')];
    const b = new CodedColumnBuilder(values.length);
    for (const v of values) b.add(v);
    const column = b.finish();
    expect(values.map((_, i) => codedAt(column, i))).toEqual(values.map((v) => v ?? null));
    expect(column.values).toEqual(['api', 'db', '', 'αβγ']);
    expect(Array.from(column.codes)).toEqual([0, 0, -1, 1, 2, 0, -1, 3, 1, 1]);
  });

  it('keeps one code per value past the few it compares in turn', () => {
    // 20 values, each seen several times as a new string; the ninth distinct one arrives mid-way.
    const values = Array.from({ length: 100 }, (_, i) => `svc${(i * 7) % 20}`.slice(0));
    const b = new CodedColumnBuilder(values.length);
    for (const v of values) b.add(v);
    const column = b.finish();
    expect(values.map((_, i) => codedAt(column, i))).toEqual(values);
    expect(new Set(column.values).size).toBe(20);
    expect(column.values).toHaveLength(20);
  });
});
