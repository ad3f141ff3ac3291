/**
 * ML speed figures (run: `npx tsx bench/ml.ts`).
 *
 * - Isolation forest: fit 100 trees on, then score, 1,000,000 rows × 12 features, on one thread
 *   and on a worker pool of one thread per core (pool started before timing).
 *   Reference: scikit-learn IsolationForest scores the same in 39 s.
 * - LSTM autoencoder (20 steps × 15 features, LSTM 64-32-32-64, tfjs wasm backend): one training
 *   epoch over 10,000 sequences (batch 256), and reconstruction of 10,000 sequences.
 *   Reference, same machine: PyTorch CPU, one thread: 7.6 s per epoch, 1.9 s to reconstruct;
 *   tf.layers on tfjs-wasm: 94 s and 12.5 s.
 *
 * Each figure has wall time and process CPU time: the machine is shared, and CPU time is the
 * steadier of the two when others are busy (the one-minute load average is reported too).
 */
import { loadavg } from 'node:os';
import { emitFigures } from './util.js';
import { pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';
import { createForestPool } from '../src/detect/ml/forest-pool.js';
import { fitForest, scoreForest } from '../src/detect/ml/isolation-forest.js';
import { createLstmAutoencoder, reconstructionErrors, trainLstm } from '../src/detect/ml/lstm-autoencoder.js';
import { createMatrix } from '../src/detect/ml/matrix.js';
import { createPrng } from '../src/detect/ml/prng.js';
import { useWasm } from '../src/detect/ml/tf-backend.js';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  wallSeconds: number;
  cpuSeconds: number;
  reference?: string;
}

async function timed<T>(run: () => Promise<T> | T): Promise<{ result: T; wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await run();
  const cpu = process.cpuUsage(cpu0);
  return { result, wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

export async function benchForest(rows = 1_000_000, cols = 12): Promise<Figure[]> {
  const m = createMatrix(rows, cols);
  const p = createPrng(42);
  for (let i = 0; i < m.data.length; i++) m.data[i] = p.next() + p.next() - 1;
  const fit = await timed(() => fitForest(m, { seed: 1 }));
  // Warm up (JIT) on a small slice, then time steady-state scoring of the full matrix.
  scoreForest(fit.result, { data: m.data.subarray(0, cols * 20_000), rows: 20_000, cols });
  const score = await timed(() => scoreForest(fit.result, m));
  const pool = createForestPool(fit.result, availableParallelism());
  await pool.score({ data: m.data.subarray(0, cols * 1000), rows: 1000, cols });
  const pooled = await timed(() => pool.score(m));
  await pool.close();
  return [
    { name: 'forest fit (100 trees × 256 samples)', value: fit.wall, unit: 's', wallSeconds: fit.wall, cpuSeconds: fit.cpu },
    {
      name: `forest score ${rows.toLocaleString('en')} × ${cols}`,
      value: Math.round(rows / score.wall),
      unit: 'rows/s',
      wallSeconds: score.wall,
      cpuSeconds: score.cpu,
      reference: `scikit-learn 39 s (${Math.round(rows / 39).toLocaleString('en')} rows/s); by CPU time ${Math.round(rows / score.cpu).toLocaleString('en')} rows/s`,
    },
    {
      name: `forest score, ${pool.threads} threads`,
      value: Math.round(rows / pooled.wall),
      unit: 'rows/s',
      wallSeconds: pooled.wall,
      cpuSeconds: pooled.cpu,
      reference: 'CPU time summed over all threads',
    },
  ];
}

export async function benchLstm(sequences = 10_000, timesteps = 20, features = 15): Promise<Figure[]> {
  const tf = await useWasm('training');
  const data = new Float32Array(sequences * timesteps * features);
  const p = createPrng(7);
  for (let i = 0; i < data.length; i++) data[i] = p.next() * 2 - 1;
  const batch = { data, count: sequences, timesteps, features };
  const model = createLstmAutoencoder(tf, features, { timesteps, epochs: 1, batchSize: 256, inferenceBatch: 1024 });
  const train = await timed(() => trainLstm(tf, model, batch));
  const infer = await timed(() => reconstructionErrors(tf, model, batch));
  return [
    { name: `LSTM train 1 epoch, ${sequences.toLocaleString('en')} sequences`, value: train.wall, unit: 's', wallSeconds: train.wall, cpuSeconds: train.cpu, reference: 'PyTorch 7.6 s; tf.layers wasm 94 s' },
    { name: `LSTM reconstruct ${sequences.toLocaleString('en')} sequences`, value: infer.wall, unit: 's', wallSeconds: infer.wall, cpuSeconds: infer.cpu, reference: 'PyTorch 1.9 s; tf.layers wasm 12.5 s' },
  ];
}

export async function benchMl(): Promise<Figure[]> {
  return [...(await benchForest()), ...(await benchLstm())];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const load = loadavg()[0].toFixed(1);
  const figures = await benchMl();
  console.log(`load average at start: ${load}, at end: ${loadavg()[0].toFixed(1)}`);
  for (const f of figures) {
    console.log(`${f.name.padEnd(42)} ${String(f.value.toLocaleString('en', { maximumFractionDigits: 2 })).padStart(12)} ${f.unit.padEnd(6)} wall ${f.wallSeconds.toFixed(2)} s, cpu ${f.cpuSeconds.toFixed(2)} s${f.reference ? `  [${f.reference}]` : ''}`);
  }
  emitFigures(figures.map((f) => ({ bench: 'ml', metric: f.name, value: Number(f.value.toFixed(2)), unit: f.unit, target: f.reference })));
}
