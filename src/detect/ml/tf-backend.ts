/**
 * TensorFlow.js on the WebAssembly backend, with the .wasm binaries loaded from the installed
 * package's own dist folder (nothing is downloaded). SIMD is used when the runtime supports it;
 * tfjs disables wasm threads under Node. Slice and SplitV are replaced by faster kernels (see
 * wasm-slice.ts).
 *
 * tfjs is imported only when first needed: it is large, and merely loading it (its dependency
 * long.js, measured) slows the isolation forest's scoring loop by about 30% in the same process,
 * so scoring without the LSTM never loads it.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { installFastSlice } from './wasm-slice.js';

let ready: Promise<typeof TF> | null = null;

export function wasmDistFolder(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/';
}

/** The tf namespace with the wasm backend active (initialised once per thread). */
export function useWasm(): Promise<typeof TF> {
  ready ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(wasmDistFolder());
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('the TensorFlow.js wasm backend could not start');
    await tf.ready();
    installFastSlice(tf);
    return tf;
  })();
  return ready;
}
