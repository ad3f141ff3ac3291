import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTable, runDetectionEval } from './detection.js';

describe('detection eval', () => {
  it('skips every protocol with a clear message when the data folder is empty', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'no-data-'));
    try {
      const table = await runDetectionEval(dir);
      expect(table.rows).toHaveLength(0);
      expect(table.skipped).toHaveLength(4);
      expect(table.skipped[0]).toMatch(/HDFS DeepLog sequences.*is missing/);
      expect(table.text).toContain('skipped: BGL 2k');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('formats rows with the peers of their protocol', () => {
    const text = formatTable(
      [{ protocol: 'BGL 2k, windows of 20 lines (unsupervised)', method: 'x', metrics: { precision: 1, recall: 0.5, f1: 2 / 3, precisionAtK: 0.5, tp: 1, fp: 0, fn: 1 } }],
      [],
    );
    expect(text.split('\n')[1]).toMatch(/x\s+1\.000\s+0\.500\s+0\.667\s+0\.500\s+Invariants Mining 0\.50/);
  });
});
