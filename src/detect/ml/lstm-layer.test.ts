import { describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { lstmLayer } from './lstm-layer.js';
import { useWasm } from './tf-backend.js';

type T2 = TF.Tensor2D;

/** The same cell written with plain tf ops, differentiated by tfjs autodiff. */
function reference(tf: typeof TF, T: number, B: number) {
  return (X: T2, W: T2, U: T2, b: TF.Tensor1D): TF.Tensor => {
    const units = U.shape[0];
    const constant = X.shape[0] === B && T > 1;
    let h: TF.Tensor = tf.zeros([B, units]);
    let c: TF.Tensor = tf.zeros([B, units]);
    const hs: TF.Tensor[] = [];
    for (let t = 0; t < T; t++) {
      const x = constant ? X : tf.slice(X, [t * B, 0], [B, X.shape[1]]);
      const z = tf.add(tf.add(tf.matMul(x, W), tf.matMul(h as T2, U)), b);
      const [i, f, g, o] = tf.split(z, 4, 1);
      // The layer's candidate is tanh(z_g / 2), written as 2σ(z_g) − 1.
      c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(tf.div(g, 2))));
      h = tf.mul(tf.sigmoid(o), tf.tanh(c));
      hs.push(h);
    }
    return tf.concat(hs, 0);
  };
}

describe('hand-written LSTM layer', () => {
  for (const constant of [false, true]) {
    it(`matches autodiff of the plain cell in value and gradients (${constant ? 'repeated' : 'per-step'} input)`, async () => {
      const tf = await useWasm('training');
      const [T, B, D, H] = [5, 3, 4, 6];
      const X = tf.randomNormal([constant ? B : T * B, D], 0, 1, 'float32', 1) as T2;
      const W = tf.randomNormal([D, 4 * H], 0, 0.5, 'float32', 2) as T2;
      const U = tf.randomNormal([H, 4 * H], 0, 0.5, 'float32', 3) as T2;
      const b = tf.randomNormal([4 * H], 0, 0.5, 'float32', 4) as TF.Tensor1D;
      const weights = tf.randomNormal([T * B, H], 0, 1, 'float32', 5);
      const loss = (f: (...a: [T2, T2, T2, TF.Tensor1D]) => TF.Tensor) => (x: TF.Tensor, w: TF.Tensor, u: TF.Tensor, bb: TF.Tensor) =>
        tf.sum(tf.mul(f(x as T2, w as T2, u as T2, bb as TF.Tensor1D), weights)) as TF.Scalar;
      const mine = lstmLayer(tf, T, B);
      const ref = reference(tf, T, B);
      const diff = (a: TF.Tensor, e: TF.Tensor): number => tf.max(tf.abs(tf.sub(a, e))).dataSync()[0];
      expect(diff(mine(X, W, U, b), ref(X, W, U, b))).toBeLessThan(1e-5);
      const gMine = tf.grads(loss(mine))([X, W, U, b]);
      const gRef = tf.grads(loss(ref))([X, W, U, b]);
      gMine.forEach((g, k) => expect(diff(g, gRef[k])).toBeLessThan(1e-4));
    });
  }
});
