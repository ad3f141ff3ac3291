/**
 * Accumulates decoded records (mined as they arrive) and commits them batch by batch, each batch
 * atomically with its templates and its file checkpoint. Shared by `ingest` (whole files) and
 * `watch` (followed files).
 *
 * `consume` never waits on the store while it can work: a batch carries the templates its rows use
 * (the store writes them in the batch's transaction and returns their ids), so nothing needs an id
 * before the batch is sent, and up to `store.appendsInFlight` batches are in the store's hands while this
 * thread reads, decodes and mines the next. The store applies batches in order and each one's
 * checkpoint compare-and-swap expects the offset the batch before it stores, so exactly-once holds:
 * if a batch conflicts, every later one conflicts or continues exactly where another process
 * stopped.
 */
import { makeReject, type Reject } from '../domain/index.js';
import type { Decoded, RecordDecoder } from '../formats/index.js';
import { SourceError } from '../sources/file.js';
import type { RawLine } from '../sources/raw-line.js';
import type { AppendBatch, AppendOutcome, Checkpoint, LogRow, Store } from '../store/store.js';
import { countRejects, type IngestSummary } from './ingest.js';
import { LineEnds } from './line-ends.js';
import type { TemplateSync, TouchedTemplates } from './template-sync.js';
import type { MinedCluster } from '../mine/template-miner.js';

export type CommitOutcome = { kind: 'stored'; ids: number[] } | { kind: 'conflict' } | { kind: 'nothing' };

/** Accumulates decoded items and commits them batch by batch with the checkpoint. */
export class BatchWriter {
  readonly counts = { lines: 0, records: 0, rejects: 0 };
  private rows: LogRow[] = [];
  /** The cluster of each pending row (null: unmatched in match-only mode). */
  private clusters: (MinedCluster | null)[] = [];
  private rejects: Reject[] = [];
  private readonly lineEnds = new LineEnds();
  /** Items decoded from a line (one array, reused: not one per line). */
  private readonly decoded: Decoded[] = [];
  private lastEnd = -1;
  /** Batches handed to the store, oldest first: settle them before anything else touches the store. */
  private inFlight: Promise<CommitOutcome>[] = [];

  constructor(
    private readonly store: Store,
    private readonly sync: TemplateSync,
    private readonly summary: IngestSummary,
    private readonly learn: boolean,
    private checkpoint: Omit<Checkpoint, 'updatedAt'> | null,
  ) {}

  /** Follow a new generation of a file (after rotation or truncation): checkpoints continue from it. */
  restart(checkpoint: Omit<Checkpoint, 'updatedAt'> | null): void {
    this.checkpoint = checkpoint;
    this.lineEnds.clear();
    this.lastEnd = -1;
  }

  /** Decode and mine a batch of lines (not yet stored). */
  pushLines(lines: RawLine[], decoder: RecordDecoder): void {
    const items = this.decoded;
    for (const line of lines) {
      this.lineEnds.add(line.end, line.line);
      decoder.push(line, items);
      // Mined while the record is still in the CPU's cache (mining the batch afterwards read each record cold).
      if (items.length > 0) {
        this.take(items);
        items.length = 0;
      }
    }
    this.counts.lines += lines.length;
    this.summary.linesRead += lines.length;
  }

  /** Take whatever the decoder still holds (end of input, or an idle live file). */
  flushDecoder(decoder: RecordDecoder): void {
    this.take(decoder.flush());
  }

  async consume(batches: AsyncIterable<RawLine[]>, decoder: RecordDecoder): Promise<{ kind: 'done' | 'conflict' } | { kind: 'error'; message: string }> {
    try {
      for await (const batch of batches) {
        this.pushLines(batch, decoder);
        if ((await this.dispatch()).kind === 'conflict') return { kind: 'conflict' };
      }
      this.take(decoder.flush());
      return (await this.commit()).kind === 'conflict' ? { kind: 'conflict' } : { kind: 'done' };
    } catch (err) {
      if (!(err instanceof SourceError)) throw err;
      if ((await this.drain()).kind === 'conflict') return { kind: 'conflict' };
      this.take(decoder.flush());
      const at = this.checkpoint ?? { path: '-', offset: 0, line: 0 };
      this.rejects.push(makeReject(err.reason, err.message, { file: at.path, line: at.line, offset: at.offset }));
      await this.commit();
      return { kind: 'error', message: err.message };
    }
  }

  private take(items: Decoded[]): void {
    for (const item of items) {
      if (item.kind === 'record') {
        const { cluster, params } = this.sync.observe(item.record.message, item.record.service, item.record.ts, this.learn);
        // The decoder's record becomes the row, not copied: it is this writer's from here on.
        const row = item.record as LogRow;
        row.templateId = null;
        row.params = params;
        this.rows.push(row);
        this.clusters.push(cluster);
      } else {
        this.rejects.push(item.reject);
      }
      this.lastEnd = item.end;
    }
  }

  /** Store the pending rows and wait until every batch is stored; a conflict when another process moved this file's checkpoint meanwhile. */
  async commit(): Promise<CommitOutcome> {
    if ((await this.dispatch()).kind === 'conflict') return { kind: 'conflict' };
    return this.drain();
  }

  /** Hand the pending rows to the store, first waiting for the oldest batch if the store has as many as it wants. */
  private async dispatch(): Promise<{ kind: 'sent' | 'conflict' }> {
    while (this.inFlight.length >= this.store.appendsInFlight) {
      if ((await this.inFlight.shift()!).kind === 'conflict') return this.drain().then(() => ({ kind: 'conflict' }));
    }
    const batch = this.prepare();
    if (!batch) return { kind: 'sent' };
    const sending = this.send(batch.append, batch.taken);
    sending.catch(() => {}); // its failure surfaces where it is settled, not as an unhandled rejection
    this.inFlight.push(sending);
    return { kind: 'sent' };
  }

  /** Wait for every batch in flight: a conflict if any conflicted, else the last one's outcome. */
  private async drain(): Promise<CommitOutcome> {
    let last: CommitOutcome = { kind: 'nothing' };
    let conflict = false;
    while (this.inFlight.length) {
      last = await this.inFlight.shift()!;
      if (last.kind === 'conflict') conflict = true;
    }
    return conflict ? { kind: 'conflict' } : last;
  }

  /** Take the pending rows as a batch: with the templates they use and the checkpoint it moves to. */
  private prepare(): { append: AppendBatch; taken: TouchedTemplates } | null {
    if (this.rows.length === 0 && this.rejects.length === 0) return null;
    const rows = this.rows;
    const clusters = this.clusters;
    const rejects = this.rejects;
    this.rows = [];
    this.clusters = [];
    this.rejects = [];
    const taken = this.sync.take(rows, clusters);
    const cp = this.checkpoint;
    let checkpoint: Checkpoint | undefined;
    if (cp && this.lastEnd >= 0) {
      const line = this.lineEnds.lineAt(this.lastEnd) ?? cp.line;
      checkpoint = { ...cp, offset: this.lastEnd, line, updatedAt: Date.now() };
    }
    const append: AppendBatch = { rows, rejects, templates: taken.templates, checkpoint, expectOffset: cp?.offset };
    if (cp && checkpoint) {
      // The next batch continues from here: its compare-and-swap expects this batch's offset.
      cp.offset = checkpoint.offset;
      cp.line = checkpoint.line;
      this.lineEnds.dropThrough(checkpoint.offset);
    }
    return { append, taken };
  }

  /**
   * Hand the batch to the store now, and settle its outcome later. Only what the outcome needs is
   * kept while the store works: the rows are the store's from here (it converts them at once), and
   * held any longer they were copied by every young-generation collection until the batch was stored.
   */
  private send(batch: AppendBatch, taken: TouchedTemplates): Promise<CommitOutcome> {
    const records = batch.rows.length;
    const earliest = batch.rows.reduce((t, r) => (r.ts < t ? r.ts : t), Infinity);
    return this.settle(this.store.appendBatch(batch), records, earliest, batch.rejects, taken);
  }

  private async settle(appended: Promise<AppendOutcome>, records: number, earliest: number, rejects: Reject[], taken: TouchedTemplates): Promise<CommitOutcome> {
    const outcome = await appended;
    if (outcome.kind === 'conflict') return { kind: 'conflict' };
    await this.sync.stored(taken, outcome.templateIds);
    if (outcome.ids.length) {
      this.summary.firstId ??= outcome.ids[0]!;
      this.summary.lastId = outcome.ids[outcome.ids.length - 1]!;
      if (earliest < (this.summary.earliestTs ?? Infinity)) this.summary.earliestTs = earliest;
    }
    this.counts.records += records;
    this.counts.rejects += rejects.length;
    this.summary.recordsStored += records;
    countRejects(this.summary, rejects);
    return { kind: 'stored', ids: outcome.ids };
  }
}
