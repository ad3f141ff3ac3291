import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open.js';
import { runDemo } from './run-demo.js';

const dir = mkdtempSync(join(tmpdir(), 'logtrack-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Scenarios the starter rules are meant to catch (the out-of-order sequence is the ML model's). */
const RULE_SHAPED = ['brute_force', 'error_storm', 'service_silent', 'volume_spike', 'new_error'];

describe('the demo on a generated day', () => {
  it('puts each rule-shaped injected anomaly in exactly one incident, with no unexplained incidents, and re-running adds nothing', async () => {
    const store = await openStore(join(dir, 'demo.db'));
    const report = await runDemo(store, { outDir: join(dir, 'logs'), days: 1, seed: 42 });
    expect(report.ingest.rejected).toBe(0);
    for (const name of RULE_SHAPED) {
      const outcome = report.scenarios.find((s) => s.scenario.scenario === name)!;
      expect(outcome.kind, name).toBe('detected');
      if (outcome.kind === 'detected') expect(outcome.incidents.map((i) => i.id), name).toHaveLength(1);
    }
    expect(report.unexplained).toEqual([]);

    const again = await runDemo(store, { outDir: join(dir, 'logs'), days: 1, seed: 42 });
    expect(again.ingest.recordsStored).toBe(0);
    expect(again.rulesLoaded).toBe(0);
    expect(again.alerts.map((a) => a.id)).toEqual(report.alerts.map((a) => a.id));
    expect(again.incidents.length).toBe(report.incidents.length);
    await store.close();
  }, 120_000);
});
