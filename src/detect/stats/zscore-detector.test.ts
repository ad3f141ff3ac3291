import { describe, expect, it } from 'vitest';
import type { StoredLog } from '../../domain/index.js';
import { createDetector } from '../rules/detector.js';
import { T0, feed, makeRule, minutes, rec } from '../rules/testing.js';

/** `counts[k]` records in the k-th 5-minute window from T0, spread inside it. */
function windows(counts: number[], fields: Partial<StoredLog> = {}): StoredLog[] {
  return counts.flatMap((n, k) => Array.from({ length: n }, (_, i) => rec({ ts: T0 + minutes(5 * k) + Math.floor((i * minutes(5)) / n), ...fields })));
}

describe('zscore rule', () => {
  const rule = (params = {}) => makeRule('zscore', { window_minutes: 5, baseline_windows: 4, threshold: 3, min_count: 5, ...params });

  it('fires when the window count crosses the spike count, as soon as it does', () => {
    // Baseline 10 per window (spread sqrt(10)): the spike count is floor(10 + 3·3.162) + 1 = 20.
    const records = windows([10, 10, 10, 10, 30]);
    const alerts = feed(createDetector(rule()), records);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      source: 'zscore',
      scope: { service: 'api' },
      windowStart: T0 + minutes(20),
      windowEnd: T0 + minutes(25),
      observed: 20,
      threshold: 20,
    });
    expect(alerts[0]!.evidence[0]).toBe(records[40]!.id);
    expect(alerts[0]!.factors[0]).toMatchObject({ kind: 'burst', observed: 20, windowMinutes: 5, normal: 10 });
    expect(feed(createDetector(rule()), windows([10, 10, 10, 10, 19]))).toHaveLength(0);
  });

  it('needs baseline_windows of history before judging a scope', () => {
    expect(feed(createDetector(rule()), windows([10, 10, 10, 100]))).toHaveLength(0);
  });

  it('counts empty windows as zero', () => {
    // Two busy windows then two empty ones: mean 5, std 5, spread 5 → spike count 21.
    expect(feed(createDetector(rule()), windows([10, 10, 0, 0, 20]))).toHaveLength(0);
    expect(feed(createDetector(rule()), windows([10, 10, 0, 0, 21]))).toHaveLength(1);
  });

  it('continues an episode over adjacent spiking windows, and starts a new one after a calm window', () => {
    expect(feed(createDetector(rule({ baseline_windows: 2 })), windows([10, 10, 40, 200]))).toHaveLength(1);
    const alerts = feed(createDetector(rule({ baseline_windows: 2 })), windows([10, 10, 40, 30, 200]));
    expect(alerts.map((a) => a.windowStart)).toEqual([T0 + minutes(10), T0 + minutes(20)]);
  });

  it('judges services separately, or templates when per_template', () => {
    const api = windows([10, 10, 10, 10, 30], { templateId: 1 });
    const db = windows([10, 10, 10, 10, 10], { service: 'db', templateId: 2 });
    const records = [...api, ...db].sort((a, b) => a.ts - b.ts);
    expect(feed(createDetector(rule()), records).map((a) => a.scope)).toEqual([{ service: 'api' }]);
    // A busy template hides a quiet one's spike in the service total (100 + 20 < 131).
    const mixed = [...windows([100, 100, 100, 100, 100], { templateId: 1 }), ...windows([0, 0, 0, 0, 20], { templateId: 2 })].sort((a, b) => a.ts - b.ts);
    expect(feed(createDetector(rule()), mixed)).toHaveLength(0);
    // Template 2 is new in the last window: no history, so no spike either.
    expect(feed(createDetector(rule({ per_template: true })), mixed)).toHaveLength(0);
    const withHistory = [...windows([100, 100, 100, 100, 100], { templateId: 1 }), ...windows([1, 1, 1, 1, 20], { templateId: 2 })].sort((a, b) => a.ts - b.ts);
    expect(feed(createDetector(rule({ per_template: true })), withHistory).map((a) => a.scope)).toEqual([{ service: 'api', templateId: 2 }]);
  });

  it('uses the catalog first-seen time as the start of history', () => {
    const catalog = { template: () => undefined, serviceFirstTs: () => T0 - minutes(60) };
    // The stream starts at the spike, but the service has an hour of (quiet) history.
    expect(feed(createDetector(rule(), { catalog }), windows([30]))).toHaveLength(1);
  });

  it('counts out-of-order records in their own window, and drops those beyond the lateness', () => {
    const records = windows([10, 10, 10, 10, 20]);
    const [first, ...rest] = records.slice(40);
    // The spike window's first record arrives last, out of order: it is the 20th of its window.
    const spiking = createDetector(rule());
    expect(feed(spiking, [...records.slice(0, 40), ...rest])).toHaveLength(0);
    expect(spiking.push(first!)).toHaveLength(1);
    // A record from the first window arriving at the end is beyond the 5-minute lateness.
    const calm = windows([10, 10, 10, 10, 10]);
    const d = createDetector(rule());
    expect(feed(d, [...calm.slice(1), calm[0]!])).toHaveLength(0);
    expect(d.late).toBe(1);
  });

  it('gives the same fingerprint on replay and nothing without data', () => {
    const records = windows([10, 10, 10, 10, 30]);
    expect(feed(createDetector(rule()), records)[0]!.fingerprint).toBe(feed(createDetector(rule()), records)[0]!.fingerprint);
    expect(feed(createDetector(rule()), [], T0)).toEqual([]);
  });
});
