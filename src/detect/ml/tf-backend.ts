/**
 * TensorFlow.js on the WebAssembly backend, with the .wasm binaries loaded from the installed
 * package's own dist folder (nothing is downloaded). SIMD is used when the runtime supports it;
 * tfjs disables wasm threads under Node. Slice and SplitV are replaced by faster kernels (see
 * wasm-slice.ts).
 *
 * tfjs is imported only when first needed: it is large, and merely loading it (its dependency
 * long.js, measured) slows the isolation forest's scoring loop by about 30% in the same process,
 * so scoring without the LSTM never loads it. It is loaded with require: both packages are CommonJS,
 * and an ESM import of them first runs Node's export scanner over tfjs's 4 MB of source (measured:
 * 470–620 ms of CPU for the import, 160 ms for the require, in every thread that scores or trains).
 *
 * Inference needs only tfjs-core (ops, tensors, weight encoding) and the wasm backend. Training also
 * needs the gradients of the ops, which only the `@tensorflow/tfjs` bundle registers, along with
 * layers, the converter, tfjs-data and the CPU and WebGL backends, none of which we use. So a scoring
 * thread loads core alone: measured on a generated 218k-line scan (4 alternating runs), the scoring
 * worker's CPU 1.26–1.37 → 1.16–1.30 s and the scan's wall 2.15–2.44 → 2.04–2.34 s.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as TF from '@tensorflow/tfjs-core';
import { installFastSlice } from './wasm-slice.js';

/** What the thread will do with tfjs: 'training' also registers the ops' gradients. */
export type TfUse = 'inference' | 'training';

let ready: Promise<typeof TF> | null = null;
let gradients = false;

const require = createRequire(import.meta.url);

export function wasmDistFolder(): string {
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/';
}

/** The tf namespace with the wasm backend active (initialised once per thread). */
export function useWasm(use: TfUse = 'inference'): Promise<typeof TF> {
  if (use === 'training' && !gradients) {
    // The bundle shares tfjs-core's module (and so its engine) and registers the gradients there.
    require('@tensorflow/tfjs');
    gradients = true;
  }
  ready ??= (async () => {
    const tf = require('@tensorflow/tfjs-core') as typeof TF;
    const { setWasmPaths } = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(wasmDistFolder());
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('the TensorFlow.js wasm backend could not start');
    await tf.ready();
    installFastSlice(tf);
    return tf;
  })();
  return ready;
}
