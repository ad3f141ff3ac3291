import { describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { inferLayer } from './lstm-infer.js';
import { lstmLayer } from './lstm-layer.js';
import { useWasm } from './tf-backend.js';

type T2 = TF.Tensor2D;

describe('inference-only LSTM layer', () => {
  for (const constant of [false, true]) {
    it(`gives exactly the training layer's outputs (${constant ? 'repeated' : 'per-step'} input) and leaks no tensor`, async () => {
      const tf = await useWasm();
      const [T, B, D, H] = [6, 5, 3, 7];
      const X = tf.randomNormal([constant ? B : T * B, D], 0, 1, 'float32', 11) as T2;
      const W = tf.randomNormal([D, 4 * H], 0, 0.5, 'float32', 12) as T2;
      const U = tf.randomNormal([H, 4 * H], 0, 0.5, 'float32', 13) as T2;
      const b = tf.randomNormal([4 * H], 0, 0.5, 'float32', 14) as TF.Tensor1D;
      const expected = Array.from(lstmLayer(tf, T, B)(X, W, U, b).dataSync());
      const before = tf.memory().numTensors;
      const out = inferLayer(tf, X, { W, U, b, units: H }, T, B);
      expect(tf.memory().numTensors).toBe(before + 1);
      expect(out.shape).toEqual([T * B, H]);
      expect(Array.from(out.dataSync())).toEqual(expected);
    });
  }
});
