import { afterAll, describe, expect, it } from 'vitest';
import { createForestPool } from './forest-pool.js';
import { fitForest, scoreForest } from './isolation-forest.js';
import { createMatrix } from './matrix.js';
import { createPrng } from './prng.js';

describe('forest pool', () => {
  const m = createMatrix(5001, 3);
  const p = createPrng(2);
  for (let i = 0; i < m.data.length; i++) m.data[i] = p.next();
  const forest = fitForest(m, { trees: 20 });
  const pool = createForestPool(forest, 2);
  afterAll(() => pool.close());

  it('scores on worker threads exactly as on one thread', async () => {
    expect(pool.threads).toBe(2);
    expect(Array.from(await pool.score(m))).toEqual(Array.from(scoreForest(forest, m)));
    const tail = { data: m.data.subarray(3 * 1000), rows: 4001, cols: 3 };
    expect(Array.from(await pool.score(tail))).toEqual(Array.from(scoreForest(forest, tail)));
  });
});
