/**
 * Accumulates decoded records (mined as they arrive) and commits them batch by batch, each batch
 * atomically with its file checkpoint. Shared by `ingest` (whole files) and `watch` (followed files).
 *
 * `consume` keeps one batch in flight: while the store writes batch N (on its writer thread, or on
 * the database server), this thread reads, decodes and mines batch N+1. Batch N+1 is handed to the
 * store only once batch N's outcome is known, so its checkpoint compare-and-swap expects exactly the
 * offset batch N stored (exactly once), and at most two batches are held in memory.
 */
import { makeReject, type Reject } from '../domain/index.js';
import type { Decoded, RecordDecoder } from '../formats/index.js';
import { SourceError } from '../sources/file.js';
import type { RawLine } from '../sources/raw-line.js';
import type { AppendBatch, Checkpoint, LogRow, Store } from '../store/store.js';
import { countRejects, type IngestSummary } from './ingest.js';
import { LineEnds } from './line-ends.js';
import type { TemplateSync } from './template-sync.js';

export type CommitOutcome = { kind: 'stored'; ids: number[] } | { kind: 'conflict' } | { kind: 'nothing' };

/** Accumulates decoded items and commits them batch by batch with the checkpoint. */
export class BatchWriter {
  readonly counts = { lines: 0, records: 0, rejects: 0 };
  private rows: LogRow[] = [];
  /** The cluster of each pending row: its store id is known only after the template flush. */
  private clusters: ({ id: number | null } | null)[] = [];
  private rejects: Reject[] = [];
  private readonly lineEnds = new LineEnds();
  private lastEnd = -1;
  /** The batch the store is writing, if any: settle it before anything else touches the store. */
  private inFlight: Promise<CommitOutcome> | null = null;

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
    for (const line of lines) {
      this.lineEnds.add(line.end, line.line);
      this.take(decoder.push(line));
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
        if ((await this.settle()).kind === 'conflict') return { kind: 'conflict' };
        this.inFlight = this.send(await this.prepare());
        this.inFlight.catch(() => {}); // its failure surfaces where it is settled, not as an unhandled rejection
      }
      this.take(decoder.flush());
      return (await this.commit()).kind === 'conflict' ? { kind: 'conflict' } : { kind: 'done' };
    } catch (err) {
      if (!(err instanceof SourceError)) throw err;
      if ((await this.settle()).kind === 'conflict') return { kind: 'conflict' };
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

  /** Store the pending rows; a conflict when another process moved this file's checkpoint meanwhile. */
  async commit(): Promise<CommitOutcome> {
    const before = await this.settle();
    return before.kind === 'conflict' ? before : this.send(await this.prepare());
  }

  /** Wait for the batch in flight; its outcome, or 'nothing' when none was. */
  private async settle(): Promise<CommitOutcome> {
    const inFlight = this.inFlight;
    this.inFlight = null;
    return inFlight ?? { kind: 'nothing' };
  }

  /** Take the pending rows as a batch: their templates stored (so each has its id), the checkpoint it moves to. */
  private async prepare(): Promise<AppendBatch | null> {
    if (this.rows.length === 0 && this.rejects.length === 0) return null;
    const rows = this.rows;
    const clusters = this.clusters;
    const rejects = this.rejects;
    this.rows = [];
    this.clusters = [];
    this.rejects = [];
    const cp = this.checkpoint;
    let checkpoint: Checkpoint | undefined;
    if (cp && this.lastEnd >= 0) {
      const line = this.lineEnds.lineAt(this.lastEnd) ?? cp.line;
      checkpoint = { ...cp, offset: this.lastEnd, line, updatedAt: Date.now() };
    }
    await this.sync.flush();
    for (let i = 0; i < rows.length; i++) rows[i]!.templateId = clusters[i]?.id ?? null;
    return { rows, rejects, checkpoint, expectOffset: cp?.offset };
  }

  private async send(batch: AppendBatch | null): Promise<CommitOutcome> {
    if (!batch) return { kind: 'nothing' };
    // Keep only what the outcome needs: the rows may be garbage once the store has taken them.
    const records = batch.rows.length;
    const earliest = batch.rows.reduce((t, r) => (r.ts < t ? r.ts : t), Infinity);
    const { rejects, checkpoint: next } = batch;
    const outcome = await this.store.appendBatch(batch);
    if (outcome.kind === 'conflict') return { kind: 'conflict' };
    if (outcome.ids.length) {
      this.summary.firstId ??= outcome.ids[0]!;
      this.summary.lastId = outcome.ids[outcome.ids.length - 1]!;
      if (earliest < (this.summary.earliestTs ?? Infinity)) this.summary.earliestTs = earliest;
    }
    this.counts.records += records;
    this.counts.rejects += rejects.length;
    this.summary.recordsStored += records;
    countRejects(this.summary, rejects);
    const cp = this.checkpoint;
    if (cp && next) {
      cp.offset = next.offset;
      cp.line = next.line;
      this.lineEnds.dropThrough(next.offset);
    }
    return { kind: 'stored', ids: outcome.ids };
  }
}
