import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSynth } from '../synth/synth.js';
import { resolveInputs } from '../sources/inputs.js';
import { openStore } from '../store/open.js';
import { ingest } from './ingest.js';
import { ML_SEQUENCE_RULE } from './ml-scorer.js';
import { scan } from './scan.js';
import { trainFromStore } from './train.js';

const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'logtrack-scan-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A day of synthetic logs to scan and a model trained on an earlier day (made once, for every test). */
const setup = (async () => {
  const start = Date.UTC(2026, 0, 5);
  await generateSynth({ outDir: join(dir, 'train'), days: 1, seed: 7, start });
  const today = await generateSynth({ outDir: join(dir, 'today'), days: 1, seed: 42, start: start + 3 * DAY });
  const store = await openStore(join(dir, 'train.db'));
  try {
    await ingest(store, await resolveInputs([join(dir, 'train')]));
    // Each batch run logs under its own syslog process id: one session per run.
    const trained = await trainFromStore(store, { options: { lstm: false, sessionKey: { kind: 'field', field: 'procId' } } });
    if (!trained.ok) throw new Error(trained.reason);
    return { today, trained };
  } finally {
    await store.close();
  }
})();
setup.catch(() => {}); // reported by the tests that await it

describe('scan with a model trained on an earlier day', () => {
  it('finds the out-of-order batch run and raises few incidents', async () => {
    const { today, trained } = await setup;

    const result = await scan(trained.model, await resolveInputs([join(dir, 'today')]));
    const sequence = today.scenarios.find((s) => s.scenario === 'sequence')!;
    const overlaps = (a: { windowStart: number; windowEnd: number }) => a.windowStart <= sequence.end && a.windowEnd >= sequence.start;
    expect(result.anomalies.some((a) => a.ruleName === ML_SEQUENCE_RULE && overlaps(a))).toBe(true);
    expect(result.anomalies.every((a) => a.factors.length > 0)).toBe(true);
    // The rules raise 0–2 false incidents a day; the model should be as quiet, beyond the six injected scenarios.
    expect(result.incidents.length).toBeLessThanOrEqual(today.scenarios.length + 2);
  }, 60_000);

  it('reports without --db exactly what it reports through a store (records scored as they arrive, not stored)', async () => {
    const { trained } = await setup;
    const inputs = await resolveInputs([join(dir, 'today')]);
    const store = await openStore(join(dir, 'scan.db'));
    const throughStore = await (async () => {
      try {
        return await scan(trained.model, inputs, { store });
      } finally {
        await store.close();
      }
    })();
    const streamed = await scan(trained.model, inputs);
    // Only the clock differs: when alerts were created and incidents updated, when seeded templates were last seen.
    const timeless = (r: typeof streamed) => JSON.parse(JSON.stringify({ ...r, logs: [...r.logs], templates: [...r.templates] }, (k, v: unknown) => (['createdAt', 'updatedAt', 'lastSeen', 'seconds', 'linesPerSec'].includes(k) ? 0 : v)));
    expect(timeless(streamed)).toEqual(timeless(throughStore));
    expect(streamed.anomalies.length).toBeGreaterThan(0);
    expect(streamed.logs.size).toBeGreaterThan(0);
  }, 60_000);
});
