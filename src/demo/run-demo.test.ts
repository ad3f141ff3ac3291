import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open.js';
import { runDemo } from './run-demo.js';

const dir = mkdtempSync(join(tmpdir(), 'logtrack-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo on a generated day', () => {
  it('puts each injected anomaly in exactly one incident (the out-of-order run by the model), with no unexplained incidents, and re-running adds nothing', async () => {
    const store = await openStore(join(dir, 'demo.db'));
    const report = await runDemo(store, { outDir: join(dir, 'logs'), days: 1, seed: 42 });
    expect(report.ingest.rejected).toBe(0);
    expect(report.model.kind).toBe('trained');
    expect(report.scenarios.map((s) => s.scenario.scenario).sort()).toEqual(['brute_force', 'error_storm', 'new_error', 'sequence', 'service_silent', 'volume_spike']);
    for (const outcome of report.scenarios) {
      const name = outcome.scenario.scenario;
      expect(outcome.kind, name).toBe('detected');
      if (outcome.kind === 'detected') expect(outcome.incidents.map((i) => i.id), name).toHaveLength(1);
    }
    const sequence = report.scenarios.find((s) => s.scenario.scenario === 'sequence')!;
    const sequenceAlerts = report.alerts.filter((a) => sequence.kind === 'detected' && a.incidentId === sequence.incidents[0]!.id);
    expect(sequenceAlerts.some((a) => a.source === 'ml')).toBe(true);
    expect(report.unexplained).toEqual([]);

    const again = await runDemo(store, { outDir: join(dir, 'logs'), days: 1, seed: 42 });
    expect(again.ingest.recordsStored).toBe(0);
    expect(again.rulesLoaded).toBe(0);
    expect(again.alerts.map((a) => a.id)).toEqual(report.alerts.map((a) => a.id));
    expect(again.incidents.length).toBe(report.incidents.length);
    await store.close();
  }, 120_000);
});
