/**
 * One LSTM layer over a whole batch of sequences as a single differentiable op, with a hand-written
 * backward pass (backpropagation through time).
 *
 * Layout is time-major: row t·B + b of X [T·B, in] is step t of sequence b; the output H is
 * [T·B, units] in the same layout. A layer whose X has only B rows gets the same input at every
 * step (the decoder's repeated code vector).
 *
 * Why hand-written: on the wasm backend the cost is in kernel calls and transposed matMuls.
 * Autodiff through the unrolled steps makes ~6T matMul calls per layer (2 forward, 4 backward,
 * each backward one transposed); here it is T + 1 forward and T + 3 backward, because the input
 * projection and the weight gradients are each one matMul over all steps.
 *
 * Cell (gate order i, f, g, o; σ = sigmoid):
 *   z = x W + h U + b;  [i, f, s, o] = σ(z);  g = 2s − 1
 *   c' = f ⊙ c + i ⊙ g;  h' = o ⊙ tanh(c')
 * The candidate g = 2σ(z_g) − 1 = tanh(z_g / 2) is the standard LSTM's tanh(z_g) with the g
 * weights halved, an equivalent parameterisation; it lets one sigmoid activate all four gates
 * (the wasm backend's sigmoid is several times faster than its tanh) and one product give all
 * four gate derivatives. For the same reason tanh(c') is computed as 2σ(2c') − 1 (`tanhOf`): the
 * backend's tanh is scalar libm code, 15 ns an element, where these four kernels take 1.5–2 ns
 * (measured on [1024, 64]: 0.98–1.03 ms against 87–122 µs; they differ by at most 1.8e-7). Bias gradients are a matMul with a row of ones, because the backend's
 * column sum transposes first.
 */
import type * as TF from '@tensorflow/tfjs-core';

type Tf = typeof TF;
type T2 = TF.Tensor2D;
/** Inside the op, ranks are known by construction; plain tensors keep the code readable. */
type Tn = TF.Tensor;

interface Step {
  /** σ(z) of all four gates, [B, 4·units]. */
  a: Tn;
  i: Tn;
  f: Tn;
  g: Tn;
  o: Tn;
  /** tanh of the new cell state. */
  tc: Tn;
  /** Cell state before the step (null at t = 0). */
  cPrev: Tn | null;
}

/** tanh(x) as 2σ(2x) − 1, given the scalars 1 and 2 (see above). */
export function tanhOf(tf: Tf, x: Tn, one: Tn, two: Tn): Tn {
  return tf.sub(tf.mul(tf.sigmoid(tf.mul(x, two)), two), one);
}

export type LstmLayer = (x: T2, W: T2, U: T2, b: TF.Tensor1D) => T2;

/** An LSTM layer for sequences of `steps` steps in batches of `batch`. */
export function lstmLayer(tf: Tf, steps: number, batch: number): LstmLayer {
  const T = steps;
  const B = batch;
  return tf.customGrad((...args) => {
    const [X, W, U, b, save] = args as [T2, T2, T2, TF.Tensor1D, TF.GradSaveFunc];
    const units = U.shape[0];
    const constant = X.shape[0] === B && T > 1;
    const XW = tf.fused.matMul({ a: X, b: W, bias: b });
    const one = tf.scalar(1);
    const two = tf.scalar(2);
    const trace: Step[] = [];
    const hs: Tn[] = [];
    let h: Tn | null = null;
    let c: Tn | null = null;
    for (let t = 0; t < T; t++) {
      const xw = constant ? XW : tf.slice(XW, [t * B, 0], [B, 4 * units]);
      const z: Tn = h ? tf.add(xw, tf.matMul(h as T2, U)) : xw;
      const a = tf.sigmoid(z);
      const [i, f, s, o] = tf.split(a, 4, 1);
      const g = tf.sub(tf.mul(s, two), one);
      const cNew: Tn = c ? tf.add(tf.mul(f, c), tf.mul(i, g)) : tf.mul(i, g);
      const tc = tanhOf(tf, cNew, one, two);
      h = tf.mul(o, tc);
      trace.push({ a, i, f, g, o, tc, cPrev: c });
      hs.push(h);
      c = cNew;
    }
    const H = tf.concat(hs, 0);
    // Only saved tensors survive the forward pass: save them flat, rebuild the trace from them.
    save([X, W, U, H, ...trace.flatMap((s) => [s.a, s.i, s.f, s.g, s.o, s.tc, s.cPrev ?? s.i])]);
    return {
      value: H as T2,
      gradFunc: (dy, saved) => {
        const [sX, sW, sU, sH, ...flat] = saved as T2[];
        const steps: Step[] = [];
        for (let t = 0; t < T; t++) {
          const [a, i, f, g, o, tc, cPrev] = flat.slice(t * 7, t * 7 + 7);
          steps.push({ a, i, f, g, o, tc, cPrev: t === 0 ? null : cPrev });
        }
        return backward(tf, { T, B, X: sX, W: sW, U: sU, H: sH, steps, dH: dy, constant });
      },
    };
  }) as LstmLayer;
}

interface Saved {
  T: number;
  B: number;
  X: T2;
  W: T2;
  U: T2;
  H: T2;
  steps: Step[];
  dH: Tn;
  constant: boolean;
}

function backward(tf: Tf, s: Saved): Tn[] {
  const { T, B, steps } = s;
  const units = s.U.shape[0];
  const Ut = tf.transpose(s.U);
  const one = tf.scalar(1);
  const two = tf.scalar(2);
  const dzs: Tn[] = new Array(T);
  let dhNext: Tn | null = null;
  let dcNext: Tn | null = null;
  for (let t = T - 1; t >= 0; t--) {
    const { a, i, f, g, o, tc, cPrev } = steps[t];
    const dyt: Tn = tf.slice(s.dH, [t * B, 0], [B, units]);
    const dh: Tn = dhNext ? tf.add(dyt, dhNext) : dyt;
    let dc: Tn = tf.mul(tf.mul(dh, o), tf.sub(one, tf.square(tc)));
    if (dcNext) dc = tf.add(dc, dcNext);
    // Derivatives with respect to the gate activations σ(z); dg/ds = 2.
    const da = tf.concat([tf.mul(dc, g), cPrev ? tf.mul(dc, cPrev) : tf.zerosLike(f), tf.mul(tf.mul(dc, i), two), tf.mul(dh, tc)], 1);
    const dz: Tn = tf.mul(da, tf.mul(a, tf.sub(one, a)));
    dcNext = cPrev ? tf.mul(dc, f) : null;
    dzs[t] = dz;
    dhNext = t > 0 ? tf.matMul(dz as T2, Ut) : null;
  }
  const dZ = tf.concat(dzs, 0) as T2;
  const hPrev = tf.concat([tf.zeros([B, units]), tf.slice(s.H, [0, 0], [(T - 1) * B, units])], 0) as T2;
  const dU = tf.matMul(tf.transpose(hPrev), dZ);
  const db = tf.reshape(tf.matMul(tf.ones([1, T * B]) as T2, dZ), [4 * units]);
  const dXW = s.constant ? (tf.addN(dzs) as T2) : dZ;
  const dX = tf.matMul(dXW, tf.transpose(s.W));
  const dW = tf.matMul(tf.transpose(s.X), dXW);
  return [dX, dW, dU, db];
}
