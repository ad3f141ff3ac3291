import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvParser, csvField, readCsvObjects } from './parsing-csv.js';

describe('CsvParser', () => {
  it('parses quoted fields with commas, doubled quotes and newlines, across chunk boundaries', () => {
    const text = 'a,b,c\r\n1,"x, ""y""",\n2,"multi\nline","end"';
    for (const size of [1, 2, 5, text.length]) {
      const parser = new CsvParser();
      const records: string[][] = [];
      for (let i = 0; i < text.length; i += size) records.push(...parser.push(text.slice(i, i + size)));
      records.push(...parser.end());
      expect(records).toEqual([
        ['a', 'b', 'c'],
        ['1', 'x, "y"', ''],
        ['2', 'multi\nline', 'end'],
      ]);
    }
  });

  it('quotes output fields only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
  });
});

describe('readCsvObjects', () => {
  it('streams rows keyed by the header, skipping a BOM and blank lines', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'csv-')), 'x.csv');
    writeFileSync(file, '\uFEFFLineId,Content\n1,"hello, world"\n\n2,bye\n');
    const rows = [];
    for await (const row of readCsvObjects(file)) rows.push(row);
    expect(rows).toEqual([
      { LineId: '1', Content: 'hello, world' },
      { LineId: '2', Content: 'bye' },
    ]);
  });
});
