import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const backend = fileURLToPath(new URL('./tf-backend.ts', import.meta.url));
const autoencoder = fileURLToPath(new URL('./lstm-autoencoder.ts', import.meta.url));

/** Runs `body` (an async function body given `useWasm` and the autoencoder module) in a fresh Node process, whose require cache is its own. */
function inFreshProcess(body: string): unknown {
  const script = `const { useWasm } = await import(${JSON.stringify(backend)});
const lstm = await import(${JSON.stringify(autoencoder)});
const { createRequire } = await import('node:module');
const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('@tensorflow')).map((k) => k.split('@tensorflow/')[1].split('/')[0]);
const out = await (async () => { ${body} })();
process.stdout.write(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('tfjs backend', () => {
  it('loads only tfjs-core and the wasm backend for inference, the gradients too for training', () => {
    const out = inFreshProcess(`
      const tf = await useWasm();
      const inference = [...new Set(loaded())].sort();
      const sum = tf.tidy(() => tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).arraySync());
      await useWasm('training');
      return { inference, sum, training: [...new Set(loaded())].sort(), backend: tf.getBackend(), meanGradient: tf.getGradient('Mean') !== undefined };
    `) as { inference: string[]; training: string[]; sum: number[]; backend: string; meanGradient: boolean };
    expect(out.inference).toEqual(['tfjs-backend-wasm', 'tfjs-core']);
    expect(out.sum).toEqual([4, 6]);
    expect(out.training).toContain('tfjs');
    expect(out.backend).toBe('wasm');
    expect(out.meanGradient).toBe(true);
  });

  it('refuses to train without the gradients, in one sentence', () => {
    const out = inFreshProcess(`
      const tf = await useWasm();
      const m = lstm.createLstmAutoencoder(tf, 2, { timesteps: 2, units: [2, 2, 2, 2], epochs: 1 });
      try {
        await lstm.trainLstm(tf, m, { data: new Float32Array(8), count: 2, timesteps: 2, features: 2 });
        return 'trained';
      } catch (e) {
        return e.message;
      }
    `);
    expect(out).toMatch(/useWasm\('training'\)/);
  });
});
