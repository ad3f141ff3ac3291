import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLstmAutoencoder, reconstructionErrors, trainLstm, type SequenceBatch } from './lstm-autoencoder.js';
import { exportLstm, importLstm, loadLstmFolder, saveLstmFolder } from './lstm-io.js';
import { createPrng } from './prng.js';
import { useWasm } from './tf-backend.js';

const T = 4;
const D = 4;

/** `count` sequences of one-hot events in the order given (cycled), with a little noise. */
function sequences(order: number[], count: number, seed: number): SequenceBatch {
  const p = createPrng(seed);
  const data = new Float32Array(count * T * D);
  for (let s = 0; s < count; s++) {
    for (let t = 0; t < T; t++) {
      for (let d = 0; d < D; d++) data[(s * T + t) * D + d] = (order[t % order.length] === d ? 1 : 0) + (p.next() - 0.5) * 0.05;
    }
  }
  return { data, count, timesteps: T, features: D };
}

const mean = (a: Float32Array): number => a.reduce((x, y) => x + y, 0) / a.length;

describe('LSTM autoencoder', () => {
  it('learns a repeated sequence and reconstructs a permuted one worse', async () => {
    const tf = await useWasm('training');
    const model = createLstmAutoencoder(tf, D, { timesteps: T, units: [16, 8, 8, 16], epochs: 40, batchSize: 32, learningRate: 0.03, seed: 3 });
    const losses = await trainLstm(tf, model, sequences([0, 1, 2, 3], 64, 1));
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 10);
    const normal = mean(await reconstructionErrors(tf, model, sequences([0, 1, 2, 3], 16, 2)));
    const permuted = mean(await reconstructionErrors(tf, model, sequences([3, 1, 0, 2], 16, 2)));
    expect(permuted).toBeGreaterThan(normal * 5);
  });

  it('saves and loads its weights through a folder with identical errors', async () => {
    const tf = await useWasm();
    const model = createLstmAutoencoder(tf, D, { timesteps: T, units: [8, 4, 4, 8], epochs: 1, seed: 5 });
    const probe = sequences([0, 2, 1, 3], 5, 9);
    const before = await reconstructionErrors(tf, model, probe);
    const dir = await mkdtemp(join(tmpdir(), 'lstm-'));
    try {
      await saveLstmFolder(tf, dir, await exportLstm(tf, model));
      const restored = importLstm(tf, await loadLstmFolder(dir));
      expect(Array.from(await reconstructionErrors(tf, restored, probe))).toEqual(Array.from(before));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects sequences of the wrong shape', async () => {
    const tf = await useWasm();
    const model = createLstmAutoencoder(tf, D, { timesteps: T, units: [4, 4, 4, 4] });
    await expect(reconstructionErrors(tf, model, { data: new Float32Array(3 * T), count: 1, timesteps: T, features: 3 })).rejects.toThrow(/expects sequences of 4 × 4/);
  });
});
