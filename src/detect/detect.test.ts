import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Rule } from '../domain/index.js';
import { openStore } from '../store/open.js';
import type { LogRow, Store } from '../store/store.js';
import { runDetection, watermarkName } from './detect.js';
import { parseRule } from './rules/schema.js';

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'logtrack-detect-'));
const open: Store[] = [];
let n = 0;

afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function freshStore(): Promise<{ store: Store; path: string }> {
  const path = join(dir, `t${n++}.db`);
  const store = await openStore(path);
  open.push(store);
  return { store, path };
}

function row(minute: number, fields: Partial<LogRow> = {}): LogRow {
  return { ts: T0 + minute * MIN, service: 'api', level: 'INFO', message: 'ok', attrs: {}, source: { file: 'a.log', line: 1, offset: 0 }, templateId: null, params: [], ...fields };
}

const fatal = (minutes: number[], fields: Partial<LogRow> = {}) => minutes.map((m) => row(m, { message: 'FATAL disk full', level: 'FATAL', ...fields }));

async function append(store: Store, rows: LogRow[]): Promise<number[]> {
  const out = await store.appendBatch({ rows, rejects: [] });
  if (out.kind !== 'stored') throw new Error('append failed');
  return out.ids;
}

async function addRule(store: Store, input: Record<string, unknown>): Promise<Rule> {
  const out = parseRule(input);
  if (out.kind === 'error') throw new Error(out.message);
  return store.createRule(out.rule);
}

const fatalRule = { name: 'fatal', type: 'keyword', pattern: 'fatal', threshold: 3, window_minutes: 10 };

describe('runDetection', () => {
  it('stores alerts once: a second run examines nothing and writes nothing', async () => {
    const { store } = await freshStore();
    const rule = await addRule(store, fatalRule);
    await append(store, [...fatal([0, 1, 2]), row(3), ...fatal([40, 41, 42])]);

    const first = await runDetection(store);
    expect(first.examined).toBe(7);
    expect(first.alerts.map((a) => a.windowEnd)).toEqual([T0 + 2 * MIN, T0 + 42 * MIN]);
    expect(first.perRule.fatal).toEqual({ kind: 'ran', examined: 7, alerts: 2, suppressed: 0, late: 0 });
    expect(await store.getWatermark(watermarkName(rule))).toEqual({ logId: 7, ts: T0 + 42 * MIN });

    const second = await runDetection(store);
    expect(second).toMatchObject({ alerts: [], examined: 0 });
    expect((await store.listAlerts()).rows).toHaveLength(2);
  });

  it('examines only new records, using the replayed context across the run boundary', async () => {
    const { store } = await freshStore();
    await addRule(store, fatalRule);
    await append(store, fatal([0, 1]));
    expect((await runDetection(store)).alerts).toHaveLength(0);

    // The third match completes a window begun in the previous run.
    await append(store, fatal([2]));
    const second = await runDetection(store);
    expect(second.examined).toBe(1);
    expect(second.alerts).toHaveLength(1);
    expect(second.alerts[0]!.observed).toBe(3);

    // The storm goes on: the same episode, no new alert.
    await append(store, fatal([3, 4, 5]));
    expect((await runDetection(store)).alerts).toHaveLength(0);

    // After a quiet cool-down, a new episode.
    await append(store, fatal([30, 31, 32]));
    expect((await runDetection(store)).alerts).toHaveLength(1);
  });

  it('judges a late record (new id, older time) against the context, within the lateness', async () => {
    const { store } = await freshStore();
    await addRule(store, fatalRule);
    await append(store, fatal([0, 6]));
    await runDetection(store);
    await append(store, fatal([3]));
    expect((await runDetection(store)).alerts).toHaveLength(1);
  });

  it('range runs re-examine a time range without moving watermarks or duplicating alerts', async () => {
    const { store } = await freshStore();
    const rule = await addRule(store, fatalRule);
    await append(store, [...fatal([0, 1, 2]), ...fatal([40, 41, 42])]);
    await runDetection(store);
    const mark = await store.getWatermark(watermarkName(rule));

    const range = await runDetection(store, { since: T0 + 30 * MIN, until: T0 + 60 * MIN });
    expect(range).toMatchObject({ alerts: [], examined: 3 });
    expect(await store.getWatermark(watermarkName(rule))).toEqual(mark);

    // A rule added later finds past episodes in a range run.
    await addRule(store, { ...fatalRule, name: 'fatal-2' });
    const rerun = await runDetection(store, { rules: ['fatal-2'], since: T0 });
    expect(rerun.alerts.map((a) => a.ruleName)).toEqual(['fatal-2', 'fatal-2']);
  });

  it('range runs start warm: an episode running into the range is not a new one', async () => {
    const { store } = await freshStore();
    await addRule(store, fatalRule);
    await append(store, fatal(Array.from({ length: 30 }, (_, i) => i)));
    expect((await runDetection(store)).alerts).toHaveLength(1);
    const range = await runDetection(store, { since: T0 + 15 * MIN });
    expect(range).toMatchObject({ alerts: [], examined: 15 });
  });

  it('applies silences and "normal" marks', async () => {
    const { store } = await freshStore();
    await addRule(store, fatalRule);
    await addRule(store, { name: 'quiet', type: 'inactivity', max_idle_minutes: 10 });
    await store.addSilence({ target: { kind: 'rule', value: 'quiet' }, until: Date.now() + 3_600_000, reason: 'maintenance', createdBy: null });
    await append(store, [...fatal([0, 1, 2]), ...fatal([0, 1, 2], { service: 'db' }), row(30)]);

    const first = await runDetection(store);
    expect(first.alerts.map((a) => `${a.ruleName}:${a.scope.service}`)).toEqual(['fatal:api', 'fatal:db']);
    expect(first.perRule.quiet).toMatchObject({ kind: 'ran', suppressed: 2, alerts: 0 });

    // "Not an anomaly" for db: its later episodes stay quiet, api's do not.
    await store.markAlertNormal(first.alerts[1]!.id, true);
    await append(store, [...fatal([60, 61, 62]), ...fatal([60, 61, 62], { service: 'db' })]);
    const second = await runDetection(store);
    expect(second.alerts.map((a) => a.scope.service)).toEqual(['api']);
    expect(second.perRule.fatal).toMatchObject({ suppressed: 1 });
  });

  it('reports invalid, unknown and skipped rules while running the others', async () => {
    const { store } = await freshStore();
    await addRule(store, fatalRule);
    await store.createRule({ name: 'broken', type: 'rate_spike', params: { threshold: 'many' }, severity: 'LOW', enabled: true, scope: {} });
    await addRule(store, { name: 'z', type: 'zscore' });
    await append(store, fatal([0, 1, 2]));

    const result = await runDetection(store, { zscore: false });
    expect(result.perRule).toEqual({
      broken: { kind: 'invalid', message: 'rule "broken": threshold must be a positive integer, got "many"' },
      z: { kind: 'skipped', reason: 'z-score detection is turned off' },
      fatal: { kind: 'ran', examined: 3, alerts: 1, suppressed: 0, late: 0 },
    });
    expect((await runDetection(store, { rules: ['nope'] })).perRule).toEqual({ nope: { kind: 'not_found' } });
  });

  it('checks inactivity against the clock in live mode', async () => {
    const { store } = await freshStore();
    await addRule(store, { name: 'quiet', type: 'inactivity', max_idle_minutes: 10 });
    await append(store, [row(0), row(5, { service: 'db' })]);
    expect((await runDetection(store)).alerts).toHaveLength(0);
    // No new data, but the clock moved on: both services are silent now.
    const live = await runDetection(store, { now: T0 + 20 * MIN });
    expect(live.alerts.map((a) => a.scope.service).sort()).toEqual(['api', 'db']);
  });

  it('reports new templates once, across runs', async () => {
    const { store } = await freshStore();
    await addRule(store, { name: 'new', type: 'new_template', warmup_minutes: 30 });
    const [known, fresh] = await store.upsertTemplates([
      { key: 'api:ok', service: 'api', text: 'ok', example: 'ok', firstSeen: T0, lastSeen: T0 + 40 * MIN, countDelta: 2 },
      { key: 'api:ldap', service: 'api', text: 'LDAP bind failed', example: 'LDAP bind failed', firstSeen: T0 + 45 * MIN, lastSeen: T0 + 46 * MIN, countDelta: 2 },
    ]);
    await append(store, [row(0, { templateId: known! }), row(40, { templateId: known! })]);
    expect((await runDetection(store)).alerts).toHaveLength(0);
    await append(store, [row(45, { templateId: fresh!, message: 'LDAP bind failed' }), row(46, { templateId: fresh! })]);
    const second = await runDetection(store);
    expect(second.alerts.map((a) => a.scope)).toEqual([{ service: 'api', templateId: fresh }]);
    expect((await runDetection(store, { since: T0 })).alerts).toHaveLength(0);
  });

  it('never writes an alert twice when two processes run at once', async () => {
    const { store, path } = await freshStore();
    await addRule(store, fatalRule);
    await append(store, [...fatal([0, 1, 2]), ...fatal([40, 41, 42]), ...fatal([80, 81, 82])]);
    const other = await openStore(path);
    open.push(other);
    const [a, b] = await Promise.all([runDetection(store), runDetection(other)]);
    expect(a.alerts.length + b.alerts.length).toBe(3);
    expect((await store.listAlerts()).rows).toHaveLength(3);
  });

  it('reports progress and handles an empty store', async () => {
    const { store } = await freshStore();
    await addRule(store, fatalRule);
    expect(await runDetection(store)).toEqual({ alerts: [], examined: 0, perRule: { fatal: { kind: 'ran', examined: 0, alerts: 0, suppressed: 0, late: 0 } } });
    await append(store, fatal(Array.from({ length: 25 }, (_, i) => i * 20)));
    const seen: number[] = [];
    await runDetection(store, { batchSize: 10, onProgress: (p) => seen.push(p.examined) });
    expect(seen).toEqual([10, 20, 25]);
  });
});
