/**
 * Faster Slice and SplitV kernels for the tfjs wasm backend.
 *
 * tfjs-backend-wasm 4.22's Slice first copies the whole input out of the wasm heap
 * (`readSync`) and then takes the slice, so every slice, split and unstack costs as much as
 * copying the full tensor: one step out of a [20·1024, 256] tensor took ~10 ms. These kernels
 * read a view of the heap and copy only the slice (a contiguous slice in one copy, other 2-D
 * slices row by row); other shapes fall back to the original kernels. They are installed
 * through tfjs's public kernel registry.
 */
import type * as TF from '@tensorflow/tfjs-core';

/** What the kernels need of the wasm backend (its public methods). */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: TF.DataType): TF.TensorInfo;
  typedArrayFromHeap(t: TF.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Copy x[begin : begin + size] (rank ≤ 2, sizes resolved) into a new tensor. */
function sliceView(backend: WasmBackendLike, x: TF.TensorInfo, begin: number[], size: number[]): TF.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  if (x.shape.length <= 1) {
    dst.set(src.subarray(begin[0] ?? 0, (begin[0] ?? 0) + (size[0] ?? 1)));
    return out;
  }
  const cols = x.shape[1];
  if (begin[1] === 0 && size[1] === cols) {
    dst.set(src.subarray(begin[0] * cols, (begin[0] + size[0]) * cols));
  } else {
    for (let r = 0; r < size[0]; r++) {
      const from = (begin[0] + r) * cols + begin[1];
      dst.set(src.subarray(from, from + size[1]), r * size[1]);
    }
  }
  return out;
}

const handled = (x: TF.TensorInfo): boolean => x.dtype !== 'string' && x.shape.length <= 2;

let installed = false;

export function installFastSlice(tf: typeof TF): void {
  if (installed) return;
  const slice = tf.getKernel('Slice', 'wasm');
  const splitV = tf.getKernel('SplitV', 'wasm');
  if (!slice || !splitV) return;

  const sliceFunc: TF.KernelFunc = (args) => {
    const x = args.inputs.x as TF.TensorInfo;
    if (!handled(x)) return slice.kernelFunc(args);
    const { begin, size } = args.attrs as unknown as { begin: number | number[]; size?: number | number[] };
    const rank = x.shape.length;
    const b = typeof begin === 'number' ? [begin, ...new Array(Math.max(0, rank - 1)).fill(0)] : begin;
    const s = size === undefined ? [] : typeof size === 'number' ? [size] : size;
    const resolved = x.shape.map((d, i) => (s[i] === undefined || s[i] === -1 ? d - (b[i] ?? 0) : s[i]));
    return sliceView(args.backend as unknown as WasmBackendLike, x, b, resolved);
  };

  const splitFunc: TF.KernelFunc = (args) => {
    const x = args.inputs.x as TF.TensorInfo;
    const { numOrSizeSplits, axis } = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
    if (!handled(x)) return splitV.kernelFunc(args);
    const ax = axis < 0 ? axis + x.shape.length : axis;
    const sizes = typeof numOrSizeSplits === 'number' ? new Array(numOrSizeSplits).fill(x.shape[ax] / numOrSizeSplits) : numOrSizeSplits;
    if (sizes.some((n) => n < 0 || !Number.isInteger(n))) return splitV.kernelFunc(args);
    const begin = x.shape.map(() => 0);
    return sizes.map((n) => {
      const size = [...x.shape];
      size[ax] = n;
      const part = sliceView(args.backend as unknown as WasmBackendLike, x, [...begin], size);
      begin[ax] += n;
      return part;
    });
  };

  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({ kernelName: 'Slice', backendName: 'wasm', kernelFunc: sliceFunc });
  tf.unregisterKernel('SplitV', 'wasm');
  tf.registerKernel({ kernelName: 'SplitV', backendName: 'wasm', kernelFunc: splitFunc });
  installed = true;
}
