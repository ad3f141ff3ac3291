/**
 * A faster Slice kernel for the tfjs wasm backend.
 *
 * tfjs-backend-wasm 4.22's Slice first copies the whole input out of the wasm heap
 * (`readSync`) and then takes the slice, so every slice, split and unstack costs as much as
 * copying the full tensor: slicing one step out of a [20·1024, 256] tensor took ~10 ms. This
 * kernel reads a view of the heap instead and copies only the slice (contiguous slices in one
 * copy, other 2-D slices row by row). Other cases fall back to the original kernel. It is
 * installed through tfjs's public kernel registry.
 */
import type * as TF from '@tensorflow/tfjs';

/** What this kernel needs of the wasm backend (its public methods). */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: TF.DataType): TF.TensorInfo;
  typedArrayFromHeap(t: TF.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

let installed = false;

export function installFastSlice(tf: typeof TF): void {
  if (installed) return;
  const original = tf.getKernel('Slice', 'wasm');
  if (!original) return;
  const kernelFunc: TF.KernelFunc = (args) => {
    const x = args.inputs.x as TF.TensorInfo;
    const attrs = args.attrs as unknown as { begin: number | number[]; size?: number | number[] };
    if (x.dtype === 'string' || x.shape.length > 2) return original.kernelFunc(args);
    const backend = args.backend as unknown as WasmBackendLike;
    const rank = x.shape.length;
    const begin = rank === 0 ? [] : typeof attrs.begin === 'number' ? [attrs.begin, ...new Array(rank - 1).fill(0)] : attrs.begin;
    const rawSize = attrs.size === undefined ? new Array(rank).fill(-1) : typeof attrs.size === 'number' ? [attrs.size] : attrs.size;
    const size = x.shape.map((d, i) => (rawSize[i] === undefined || rawSize[i] === -1 ? d - begin[i] : rawSize[i]));
    const out = backend.makeOutput(size, x.dtype);
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    if (rank <= 1) {
      dst.set(src.subarray(begin[0] ?? 0, (begin[0] ?? 0) + (size[0] ?? 1)));
    } else {
      const cols = x.shape[1];
      if (begin[1] === 0 && size[1] === cols) {
        dst.set(src.subarray(begin[0] * cols, (begin[0] + size[0]) * cols));
      } else {
        for (let r = 0; r < size[0]; r++) {
          const from = (begin[0] + r) * cols + begin[1];
          dst.set(src.subarray(from, from + size[1]), r * size[1]);
        }
      }
    }
    return out;
  };
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({ kernelName: 'Slice', backendName: 'wasm', kernelFunc });
  installed = true;
}
