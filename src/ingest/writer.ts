/**
 * The durable ingest writer. Push sources (HTTP, OTLP, syslog, NATS) hand it decoded batches; it mines
 * them and commits them to the store in groups (every batch waiting when the store is free goes into
 * one appendBatch), and only then says `stored`, so a source acknowledges nothing that could be lost.
 * The bounded queue refuses work at once when full or while the store is failing. After each commit
 * detection runs (throttled: at most once per interval, never two at once).
 *
 * One writer per store in a process: it holds the store's template miner (see `createIngestWriter`).
 */
import type { LogRecord, Reject } from '../domain/index.js';
import { detectAndGroup, type DetectAndGroupOptions, type DetectAndGroupResult } from '../pipeline/detect-run.js';
import { TemplateSync, type TouchedTemplates } from '../pipeline/template-sync.js';
import type { MinedCluster } from '../mine/template-miner.js';
import type { AppendOutcome, Checkpoint, LogRow, Store } from '../store/store.js';
import { DEFAULT_LIMITS, failedCommit, HEALTHY, retryAfterOf, type IngestLimits, type Refusal } from './admission.js';
import { IngestQueue, type Queued, type Reservation, type Reserved } from './queue.js';
import { SerialThrottle } from './throttle.js';

/** Decoded work from one request or message batch. */
export interface PushBatch {
  records: LogRecord[];
  rejects: Reject[];
  /** Bytes it arrived as (the queue's byte budget). */
  bytes: number;
  /** Commit with this checkpoint as a compare-and-swap (the batch is then committed alone). */
  checkpoint?: { next: Checkpoint; expectOffset: number };
}

export type CommitOutcome =
  | { kind: 'stored'; ids: number[]; rejects: number }
  | { kind: 'conflict'; current: Checkpoint | null }
  | { kind: 'failed'; reason: string; retryAfterSec: number };

export type Submitted = { kind: 'queued'; committed: Promise<CommitOutcome> } | { kind: 'refused'; refusal: Refusal };

export interface IngestWriterOptions {
  limits: IngestLimits;
  /** Most records (and rejects) in one appendBatch. */
  maxBatchRecords: number;
  busyRetryAfterSec: number;
  /** Learn new templates from pushed records (false: match known ones only). */
  learn: boolean;
  /** Detection after commits (null: none). `now` is set on every run. */
  detect: DetectAndGroupOptions | null;
  detectIntervalMs: number;
  onDetected?: (result: DetectAndGroupResult) => void;
  /** Failures nobody waits for (detection runs, failed commits). */
  onError: (what: string, err: unknown) => void;
  now: () => number;
}

export const DEFAULT_WRITER: IngestWriterOptions = {
  limits: DEFAULT_LIMITS,
  maxBatchRecords: 10_000,
  busyRetryAfterSec: 1,
  learn: true,
  detect: {},
  detectIntervalMs: 200,
  onError: (what, err) => process.stderr.write(`logtrack ingest: ${what}: ${errorText(err)}\n`),
  now: Date.now,
};

export interface IngestStats {
  /** Records committed. */
  accepted: number;
  /** Rejects committed. */
  rejected: number;
  commits: number;
  /** Requests or batches refused, by why. */
  refused: Record<Refusal['kind'], number>;
  /** Batches whose commit failed. */
  failed: number;
}

interface Pending extends Queued {
  batch: PushBatch;
  settle(outcome: CommitOutcome): void;
}

const writers = new WeakMap<Store, IngestWriter>();

/** The store's writer; throws when it has one (two would mine with two diverging miners). */
export function createIngestWriter(store: Store, options: Partial<IngestWriterOptions> = {}): IngestWriter {
  if (writers.has(store)) throw new Error('this store has an ingest writer already: share it (ingestWriterOf)');
  const writer = new IngestWriter(store, { ...DEFAULT_WRITER, ...options });
  writers.set(store, writer);
  return writer;
}

export function ingestWriterOf(store: Store): IngestWriter | undefined {
  return writers.get(store);
}

export class IngestWriter {
  readonly stats: IngestStats = { accepted: 0, rejected: 0, commits: 0, refused: { too_large: 0, busy: 0, unavailable: 0 }, failed: 0 };
  private readonly queue: IngestQueue<Pending>;
  private readonly detection: SerialThrottle | null;
  private sync: Promise<TemplateSync> | null = null;
  private pumping: Promise<void> | null = null;

  constructor(
    readonly store: Store,
    readonly options: IngestWriterOptions,
  ) {
    this.queue = new IngestQueue({ limits: options.limits, busyRetryAfterSec: options.busyRetryAfterSec, now: options.now });
    const detect = options.detect;
    this.detection = detect
      ? new SerialThrottle(() => this.detect(detect), { intervalMs: options.detectIntervalMs, onError: (err) => options.onError('detection failed', err) })
      : null;
  }

  /** Records and bytes in flight (reserved, queued or being committed). */
  get inFlight(): Readonly<{ records: number; bytes: number }> {
    return this.queue.inFlight;
  }

  /** Hold room for a request body of `bytes` before reading it. */
  reserve(bytes: number): Reserved {
    return this.counted(this.queue.reserve({ records: 0, bytes }));
  }

  /** Queue a batch (under the request's reservation, if it made one); `committed` settles once it is stored or failed. */
  submit(batch: PushBatch, reservation?: Reservation): Submitted {
    const load = { records: batch.records.length + batch.rejects.length, bytes: batch.bytes };
    const reserved = this.counted(reservation ? this.queue.resize(reservation, load) : this.queue.reserve(load));
    if (reserved.kind === 'refused') return reserved;
    const committed = new Promise<CommitOutcome>((resolve) => {
      this.queue.push({ batch, reservation: reserved.reservation, exclusive: batch.checkpoint !== undefined, settle: resolve });
    });
    this.schedulePump();
    return { kind: 'queued', committed };
  }

  /** Resolves once every queued batch is committed and detection has caught up. */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
    await this.detection?.idle();
  }

  /** Refuse new work, commit what is queued, run detection once more if due. */
  async close(): Promise<void> {
    this.queue.health = { kind: 'closed' };
    while (this.pumping) await this.pumping;
    await this.detection?.close();
    if (writers.get(this.store) === this) writers.delete(this.store);
  }

  private counted(reserved: Reserved): Reserved {
    if (reserved.kind === 'refused') this.stats.refused[reserved.refusal.kind]++;
    return reserved;
  }

  /** Commit on the next turn of the event loop, so requests arriving together share one commit. */
  private schedulePump(): void {
    if (this.pumping) return;
    this.pumping = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.pump())
      .finally(() => {
        this.pumping = null;
        if (this.queue.length > 0) this.schedulePump();
      });
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0) await this.commit(this.queue.takeGroup(this.options.maxBatchRecords));
  }

  /** Commit one group; never throws (a failure is every member's outcome). */
  private async commit(group: Pending[]): Promise<void> {
    let outcome: AppendOutcome;
    try {
      const sync = await this.templateSync();
      const { rows, taken } = this.mine(sync, group);
      const cas = group.length === 1 ? group[0]!.batch.checkpoint : undefined;
      const rejects = group.flatMap((p) => p.batch.rejects);
      outcome = await this.store.appendBatch({ rows, rejects, templates: taken.templates, checkpoint: cas?.next, expectOffset: cas?.expectOffset });
      if (outcome.kind === 'stored') await sync.stored(taken, outcome.templateIds);
    } catch (err) {
      this.failed(group, err);
      return;
    }
    if (this.queue.health.kind === 'failing') this.queue.health = HEALTHY;
    if (outcome.kind === 'conflict') {
      for (const p of group) this.settle(p, { kind: 'conflict', current: outcome.current });
      return;
    }
    this.stats.commits++;
    let at = 0;
    for (const p of group) {
      const n = p.batch.records.length;
      this.stats.accepted += n;
      this.stats.rejected += p.batch.rejects.length;
      this.settle(p, { kind: 'stored', ids: outcome.ids.slice(at, at + n), rejects: p.batch.rejects.length });
      at += n;
    }
    if (at > 0) this.detection?.trigger();
  }

  /** Mine every record of the group; the rows refer to the templates the batch carries. */
  private mine(sync: TemplateSync, group: Pending[]): { rows: LogRow[]; taken: TouchedTemplates } {
    const rows: LogRow[] = [];
    const clusters: (MinedCluster | null)[] = [];
    for (const p of group) {
      for (const r of p.batch.records) {
        const { cluster, params } = sync.observe(r.message, r.service, r.ts, this.options.learn);
        rows.push({ ...r, templateId: null, params });
        clusters.push(cluster);
      }
    }
    return { rows, taken: sync.take(rows, clusters) };
  }

  private templateSync(): Promise<TemplateSync> {
    this.sync ??= TemplateSync.load(this.store).catch((err: unknown) => {
      this.sync = null;
      throw err;
    });
    return this.sync;
  }

  private failed(group: Pending[], err: unknown): void {
    const now = this.options.now();
    if (this.queue.health.kind !== 'closed') this.queue.health = failedCommit(this.queue.health, errorText(err), now);
    this.stats.failed += group.length;
    this.options.onError('a commit failed', err);
    const outcome: CommitOutcome = { kind: 'failed', reason: `the store failed: ${errorText(err)}`, retryAfterSec: retryAfterOf(this.queue.health, now) };
    for (const p of group) this.settle(p, outcome);
  }

  private settle(p: Pending, outcome: CommitOutcome): void {
    p.reservation.release();
    p.settle(outcome);
  }

  private async detect(options: DetectAndGroupOptions): Promise<void> {
    const result = await detectAndGroup(this.store, { ...options, now: this.options.now() });
    this.options.onDetected?.(result);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
