/**
 * Accumulates decoded records (mined as they arrive) and commits them batch by batch, each batch
 * atomically with its file checkpoint. Shared by `ingest` (whole files) and `watch` (followed files).
 */
import { makeReject, type Reject } from '../domain/index.js';
import type { Decoded, RecordDecoder } from '../formats/index.js';
import { SourceError } from '../sources/file.js';
import type { RawLine } from '../sources/raw-line.js';
import type { Checkpoint, LogRow, Store } from '../store/store.js';
import { countRejects, type IngestSummary } from './ingest.js';
import type { TemplateSync } from './template-sync.js';

export type CommitOutcome = { kind: 'stored'; ids: number[] } | { kind: 'conflict' } | { kind: 'nothing' };

/** Accumulates decoded items and commits them batch by batch with the checkpoint. */
export class BatchWriter {
  readonly counts = { lines: 0, records: 0, rejects: 0 };
  private rows: LogRow[] = [];
  /** The cluster of each pending row: its store id is known only after the template flush. */
  private clusters: ({ id: number | null } | null)[] = [];
  private rejects: Reject[] = [];
  private lineAtEnd = new Map<number, number>();
  private lastEnd = -1;

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
    this.lineAtEnd.clear();
    this.lastEnd = -1;
  }

  /** Decode and mine a batch of lines (not yet stored). */
  pushLines(lines: RawLine[], decoder: RecordDecoder): void {
    for (const line of lines) {
      this.lineAtEnd.set(line.end, line.line);
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
        if ((await this.commit()).kind === 'conflict') return { kind: 'conflict' };
      }
      this.take(decoder.flush());
      return (await this.commit()).kind === 'conflict' ? { kind: 'conflict' } : { kind: 'done' };
    } catch (err) {
      if (!(err instanceof SourceError)) throw err;
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
        const r = item.record;
        const { cluster, params } = this.sync.observe(r.message, r.service, r.ts, this.learn);
        this.rows.push({ ...r, templateId: null, params });
        this.clusters.push(cluster);
      } else {
        this.rejects.push(item.reject);
      }
      this.lastEnd = item.end;
    }
  }

  /** Store the pending rows; a conflict when another process moved this file's checkpoint meanwhile. */
  async commit(): Promise<CommitOutcome> {
    if (this.rows.length === 0 && this.rejects.length === 0) return { kind: 'nothing' };
    await this.sync.flush();
    const rows = this.rows;
    rows.forEach((row, i) => (row.templateId = this.clusters[i]?.id ?? null));
    let next: Checkpoint | undefined;
    const cp = this.checkpoint;
    if (cp && this.lastEnd >= 0) {
      const line = this.lineAtEnd.get(this.lastEnd) ?? cp.line;
      next = { ...cp, offset: this.lastEnd, line, updatedAt: Date.now() };
    }
    const outcome = await this.store.appendBatch({ rows, rejects: this.rejects, checkpoint: next, expectOffset: cp?.offset });
    if (outcome.kind === 'conflict') return { kind: 'conflict' };
    if (outcome.ids.length) {
      this.summary.firstId ??= outcome.ids[0]!;
      this.summary.lastId = outcome.ids[outcome.ids.length - 1]!;
    }
    this.counts.records += rows.length;
    this.counts.rejects += this.rejects.length;
    this.summary.recordsStored += rows.length;
    countRejects(this.summary, this.rejects);
    if (cp && next) {
      cp.offset = next.offset;
      cp.line = next.line;
      for (const end of this.lineAtEnd.keys()) if (end <= next.offset) this.lineAtEnd.delete(end);
    }
    this.rows = [];
    this.clusters = [];
    this.rejects = [];
    return { kind: 'stored', ids: outcome.ids };
  }
}
