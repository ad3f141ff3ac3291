/**
 * The detection runner: runs the enabled rules over stored records and stores the new alerts.
 *
 * Incremental by default. Each rule keeps a watermark `rule:<id>` = the last log id it examined and
 * the latest data time it saw. A run replays, as context only, the records of the `contextMs` (the
 * rule's windows plus the lateness) before the watermark's time, so every detector resumes in the
 * state it had; then it examines the records stored since. An alert counts only when triggered by a
 * record past the rule's watermark (or by the final flush), and the store skips fingerprints it
 * has: running twice writes nothing the second time. Late records (an id past the watermark, a time
 * before it) are judged against the replayed context, within the lateness allowance.
 *
 * With `since`/`until` it is a range run instead: every record in the time range is examined
 * (after replaying the context before `since`), watermarks are neither used nor moved, and only
 * alerts not stored before are written.
 *
 * Runs hold the store's `detect` lock, so two processes never interleave.
 */
import type { Alert, AlertDraft } from '../domain/index.js';
import type { ScannedLog, Store } from '../store/store.js';
import { catalogFrom } from './rules/catalog.js';
import { createDetector } from './rules/detector.js';
import { validateRule, type TypedRule } from './rules/schema.js';
import { normalFamilies, suppressDecision, type Suppression } from './rules/suppress.js';
import { DEFAULT_LATENESS_MS, type Detector } from './rules/types.js';

export interface DetectOptions {
  /** Run only these rules, by name (disabled ones included); default: every enabled rule. */
  rules?: string[];
  /** Range run over `since <= ts < until` (either may be absent). */
  since?: number;
  until?: number;
  /** Run zscore rules (default true). */
  zscore?: boolean;
  /** Lateness allowance, ms (default 5 minutes). */
  lateness?: number;
  /** Live mode clock: inactivity is also judged against it, and silences are active at it. */
  now?: number;
  onProgress?: (p: DetectProgress) => void;
  batchSize?: number;
}

export interface DetectProgress {
  examined: number;
  /** Records to examine in this run (an estimate from log ids). */
  total: number;
}

export type RuleReport =
  | { kind: 'ran'; examined: number; alerts: number; suppressed: number; late: number }
  | { kind: 'invalid'; message: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'not_found' };

export interface DetectResult {
  /** The alerts this run stored. */
  alerts: Alert[];
  /** New records examined. */
  examined: number;
  perRule: Record<string, RuleReport>;
}

interface RuleRun {
  rule: TypedRule;
  detector: Detector;
  watermark: Watermark | null;
  examined: number;
  suppressed: number;
}

type Watermark = { logId: number; ts: number };

const INSERT_BATCH = 500;

export function runDetection(store: Store, opts: DetectOptions = {}): Promise<DetectResult> {
  return store.withLock('detect', () => detect(store, opts));
}

async function detect(store: Store, opts: DetectOptions): Promise<DetectResult> {
  const { runnable, perRule } = await selectRules(store, opts);
  if (runnable.length === 0) return { alerts: [], examined: 0, perRule };

  const rangeRun = opts.since !== undefined || opts.until !== undefined;
  const [templates, suppression] = await Promise.all([
    store.listTemplates({ limit: Number.MAX_SAFE_INTEGER }),
    loadSuppression(store, opts.now ?? Date.now()),
  ]);
  const detectorOpts = { latenessMs: opts.lateness ?? DEFAULT_LATENESS_MS, catalog: catalogFrom(templates) };
  const runs: RuleRun[] = await Promise.all(
    runnable.map(async (rule) => ({
      rule,
      detector: createDetector(rule, detectorOpts),
      watermark: rangeRun ? null : await store.getWatermark(watermarkName(rule)),
      examined: 0,
      suppressed: 0,
    })),
  );
  const sink = new AlertSink(store, suppression);
  const batchSize = opts.batchSize ?? 5000;
  const scan = { examined: 0, lastId: 0, maxTs: -Infinity };

  /** Examine records in id order, up to `lastWanted`; context for rules whose watermark is past them. */
  const examine = async (pages: AsyncIterable<ScannedLog[]>, total: number, lastWanted = Infinity) => {
    for await (const page of pages) {
      const end = page.length > 0 && page[page.length - 1]!.id > lastWanted ? page.findIndex((r) => r.id > lastWanted) : page.length;
      for (let i = 0; i < end; i++) {
        const r = page[i]!;
        scan.examined++;
        scan.lastId = r.id;
        if (r.ts > scan.maxTs) scan.maxTs = r.ts;
        for (const run of runs) {
          const drafts = run.detector.push(r);
          if (run.watermark !== null && r.id <= run.watermark.logId) continue;
          run.examined++;
          if (drafts.length > 0) sink.add(run, drafts);
        }
      }
      await sink.store();
      opts.onProgress?.({ examined: scan.examined, total });
      if (end < page.length) return;
    }
  };

  if (rangeRun) {
    if (opts.since !== undefined) await replayBefore(store, runs, opts.since, batchSize);
    const total = await store.countLogs({ since: opts.since, until: opts.until });
    await examine(store.scanLogs({ since: opts.since, until: opts.until, batchSize, fields: 'detect' }), total);
  } else {
    const startId = Math.min(...runs.map((r) => r.watermark?.logId ?? 0));
    const endId = await store.maxLogId();
    await replayWatermarked(store, runs, startId, batchSize);
    await examine(store.scanLogs({ afterId: startId, batchSize, fields: 'detect' }), Math.max(0, endId - startId), endId);
  }

  // Time-driven alerts (silences) are due at the clock in live mode, else at the latest data time.
  const dataTime = Math.max(scan.maxTs, ...runs.map((r) => r.watermark?.ts ?? -Infinity));
  const until = opts.now ?? (scan.examined > 0 ? dataTime : undefined);
  if (until !== undefined) for (const run of runs) sink.add(run, run.detector.flush(until));
  const alerts = await sink.store(true);

  if (!rangeRun && scan.examined > 0) {
    for (const run of runs) {
      const mark = { logId: Math.max(scan.lastId, run.watermark?.logId ?? 0), ts: Math.max(scan.maxTs, run.watermark?.ts ?? -Infinity) };
      await store.setWatermark(watermarkName(run.rule), mark);
    }
  }
  for (const run of runs) {
    const stored = alerts.filter((a) => a.ruleName === run.rule.name).length;
    perRule[run.rule.name] = { kind: 'ran', examined: run.examined, alerts: stored, suppressed: run.suppressed, late: run.detector.late };
  }
  return { alerts, examined: scan.examined, perRule };
}

/** Drafts that pass suppression, stored in batches; the store skips fingerprints it has. */
class AlertSink {
  private pending: AlertDraft[] = [];
  private readonly stored: Alert[] = [];

  constructor(private readonly db: Store, private readonly suppression: Suppression) {}

  add(run: RuleRun, drafts: readonly AlertDraft[]): void {
    for (const d of drafts) {
      if (suppressDecision(d, this.suppression).kind === 'keep') this.pending.push(d);
      else run.suppressed++;
    }
  }

  /** Store pending drafts once a batch is full (or now, with `all`); returns every alert stored so far. */
  async store(all = false): Promise<Alert[]> {
    if (this.pending.length > 0 && (all || this.pending.length >= INSERT_BATCH)) {
      const drafts = this.pending;
      this.pending = [];
      this.stored.push(...(await this.db.insertAlerts(drafts)));
    }
    return this.stored;
  }
}

/**
 * Incremental runs: feed each rule the records before the common start id that fall within its
 * context (by data time, up to its watermark's time). Their alerts were decided by earlier runs.
 */
async function replayWatermarked(store: Store, runs: RuleRun[], startId: number, batchSize: number): Promise<void> {
  const marked = runs.filter((r): r is RuleRun & { watermark: Watermark } => r.watermark !== null);
  if (startId === 0 || marked.length === 0) return;
  const from = (r: (typeof marked)[number]) => r.watermark.ts - r.detector.contextMs;
  const since = Math.min(...marked.map(from));
  const until = Math.max(...marked.map((r) => r.watermark.ts)) + 1;
  for await (const page of store.scanLogs({ since, until, batchSize, fields: 'detect' })) {
    for (const r of page) {
      if (r.id > startId) return;
      for (const run of marked) if (r.ts >= from(run)) run.detector.push(r);
    }
  }
}

/** Range runs: feed each rule the records of its context before `since`, so the range starts warm. */
async function replayBefore(store: Store, runs: RuleRun[], since: number, batchSize: number): Promise<void> {
  const longest = Math.max(...runs.map((r) => r.detector.contextMs));
  for await (const page of store.scanLogs({ since: since - longest, until: since, batchSize, fields: 'detect' })) {
    for (const r of page) for (const run of runs) if (r.ts >= since - run.detector.contextMs) run.detector.push(r);
  }
}

async function loadSuppression(store: Store, now: number): Promise<Suppression> {
  const [silences, normalIds] = await Promise.all([store.listSilences({ activeAt: now }), store.listNormalAlerts()]);
  const normals = (await Promise.all(normalIds.map((id) => store.getAlert(id)))).filter((a): a is Alert => a !== null);
  return { silences, normalFamilies: normalFamilies(normals) };
}

async function selectRules(store: Store, opts: DetectOptions): Promise<{ runnable: TypedRule[]; perRule: Record<string, RuleReport> }> {
  const perRule: Record<string, RuleReport> = {};
  const all = await store.listRules({ enabledOnly: opts.rules === undefined });
  const chosen = opts.rules === undefined ? all : all.filter((r) => opts.rules!.includes(r.name));
  for (const name of opts.rules ?? []) if (!chosen.some((r) => r.name === name)) perRule[name] = { kind: 'not_found' };

  const runnable: TypedRule[] = [];
  for (const rule of chosen) {
    if (rule.type === 'zscore' && opts.zscore === false) {
      perRule[rule.name] = { kind: 'skipped', reason: 'z-score detection is turned off' };
      continue;
    }
    const out = validateRule(rule);
    if (out.kind === 'error') perRule[rule.name] = { kind: 'invalid', message: out.message };
    else runnable.push(out.rule);
  }
  return { runnable, perRule };
}

export function watermarkName(rule: { id: number }): string {
  return `rule:${rule.id}`;
}
