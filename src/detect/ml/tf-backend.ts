/**
 * TensorFlow.js on the WebAssembly backend, with the .wasm binaries loaded from the installed
 * package's own dist folder (nothing is downloaded). SIMD is used when the runtime supports it;
 * tfjs disables wasm threads under Node. Slice is replaced by a faster kernel (see wasm-slice.ts).
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { installFastSlice } from './wasm-slice.js';

let ready: Promise<typeof tf> | null = null;

export function wasmDistFolder(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/';
}

/** The tf namespace with the wasm backend active (initialised once per thread). */
export function useWasm(): Promise<typeof tf> {
  ready ??= (async () => {
    setWasmPaths(wasmDistFolder());
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('the TensorFlow.js wasm backend could not start');
    await tf.ready();
    installFastSlice(tf);
    return tf;
  })();
  return ready;
}
