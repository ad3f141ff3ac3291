/**
 * The LSTM autoencoder's forward pass for inference only: the same ops in the same order as the
 * training pass (lstm-layer.ts, so the errors are bit for bit the ones training measured), but
 * each step's intermediates are freed as soon as the next state exists.
 *
 * Why: the training layer keeps every step's gates for its backward pass, so reconstructing one
 * batch of 1,024 sequences held about 270 MB of tensors at once. The wasm heap grows to its
 * high-water mark and never shrinks (a scan's peak RSS was 606 MB), and each growth copies the
 * whole heap (0.4 s of a scan's profile). Here a batch holds its input projection and outputs only.
 */
import type * as TF from '@tensorflow/tfjs-core';
import { tanhOf } from './lstm-layer.js';

type Tf = typeof TF;
type T2 = TF.Tensor2D;

export interface InferCell {
  W: TF.Tensor;
  U: TF.Tensor;
  b: TF.Tensor;
  units: number;
}

/** One LSTM layer's outputs H [T·B, units] for the time-major input X (see lstm-layer.ts for the cell and layout). */
export function inferLayer(tf: Tf, X: T2, cell: InferCell, steps: number, batch: number): T2 {
  const T = steps;
  const B = batch;
  const units = cell.units;
  const constant = X.shape[0] === B && T > 1;
  const XW = tf.fused.matMul({ a: X, b: cell.W as T2, bias: cell.b });
  const one = tf.scalar(1);
  const two = tf.scalar(2);
  const hs: TF.Tensor[] = [];
  let h: TF.Tensor | null = null;
  let c: TF.Tensor | null = null;
  for (let t = 0; t < T; t++) {
    const hPrev: TF.Tensor | null = h;
    const cPrev: TF.Tensor | null = c;
    const [hNew, cNew] = tf.tidy((): TF.Tensor[] => {
      const xw: TF.Tensor = constant ? XW : tf.slice(XW, [t * B, 0], [B, 4 * units]);
      const z: TF.Tensor = hPrev ? tf.add(xw, tf.matMul(hPrev as T2, cell.U as T2)) : xw;
      const [i, f, s, o] = tf.split(tf.sigmoid(z), 4, 1);
      const g = tf.sub(tf.mul(s, two), one);
      const cNext: TF.Tensor = cPrev ? tf.add(tf.mul(f, cPrev), tf.mul(i, g)) : tf.mul(i, g);
      return [tf.mul(o, tanhOf(tf, cNext, one, two)), cNext];
    }) as [TF.Tensor, TF.Tensor];
    cPrev?.dispose();
    h = hNew;
    c = cNew;
    hs.push(hNew);
  }
  const H = tf.concat(hs, 0) as T2;
  tf.dispose([...hs, c!, XW, one, two]);
  return H;
}
