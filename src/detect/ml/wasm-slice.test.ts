import { describe, expect, it } from 'vitest';
import { useWasm } from './tf-backend.js';

describe('fast wasm Slice and SplitV', () => {
  it('give the same values as plain indexing', async () => {
    const tf = await useWasm();
    const x = tf.tensor2d(Array.from({ length: 6 * 5 }, (_, i) => i), [6, 5]);
    const at = (r: number, c: number): number => r * 5 + c;
    expect(Array.from(tf.slice(x, [2, 0], [3, 5]).dataSync())).toEqual(Array.from({ length: 15 }, (_, i) => at(2, 0) + i));
    expect(Array.from(tf.slice(x, [1, 2], [2, 2]).dataSync())).toEqual([at(1, 2), at(1, 3), at(2, 2), at(2, 3)]);
    expect(Array.from(tf.slice(x, [4, 3], [-1, -1]).dataSync())).toEqual([at(4, 3), at(4, 4), at(5, 3), at(5, 4)]);
    expect(Array.from(tf.slice(tf.tensor1d([1, 2, 3, 4]), 1, 2).dataSync())).toEqual([2, 3]);
    const cols = tf.split(x, [2, 3], 1);
    expect(cols.map((t) => t.shape)).toEqual([[6, 2], [6, 3]]);
    expect(Array.from(cols[1].dataSync()).slice(0, 3)).toEqual([2, 3, 4]);
    const rows = tf.split(x, 3, 0);
    expect(Array.from(rows[2].dataSync())).toEqual(Array.from({ length: 10 }, (_, i) => at(4, 0) + i));
    const cube = tf.ones([2, 3, 4]);
    expect(tf.slice(cube, [1, 0, 0], [1, 3, 4]).shape).toEqual([1, 3, 4]);
    expect(tf.split(cube, 2, 2)[0].shape).toEqual([2, 3, 2]);
  });
});
