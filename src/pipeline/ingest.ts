/**
 * Ingest: sources → formats → mine → store. Each batch of records is stored together with the
 * file's checkpoint (a compare-and-swap), so a run killed at any moment and re-run stores every
 * line exactly once, the same file twice stores nothing new, and an appended file ingests only its
 * new lines. Bad lines become rejects with a reason; nothing crashes the run.
 */
import { resolve } from 'node:path';
import { createDecoder, detectFormat, type Decoded, type FormatName, type FormatOptions, type RecordDecoder } from '../formats/index.js';
import { makeReject, type Reject } from '../domain/index.js';
import { readLines, SourceError, splitLines } from '../sources/file.js';
import { fileIdentity, headLines } from '../sources/identity.js';
import type { ResolvedInput } from '../sources/inputs.js';
import type { RawLine } from '../sources/raw-line.js';
import type { Checkpoint, LogRow, Store } from '../store/store.js';
import { TemplateSync } from './template-sync.js';

export interface IngestOptions extends FormatOptions {
  batchLines?: number;
  /** Mine in learning mode (default) or match-only. */
  learn?: boolean;
  onProgress?: (p: { file: string; bytes: number; totalBytes: number }) => void;
  /** One-line notices for the user (format detected, file skipped...). */
  onNotice?: (message: string) => void;
  stdin?: AsyncIterable<Buffer>;
}

export type FileOutcome =
  | { kind: 'ingested'; path: string; format: string; lines: number; records: number; rejects: number }
  | { kind: 'unchanged'; path: string }
  | { kind: 'empty'; path: string }
  | { kind: 'failed'; path: string; error: string; lines: number; records: number; rejects: number };

export interface IngestSummary {
  files: FileOutcome[];
  linesRead: number;
  recordsStored: number;
  rejected: number;
  rejectsByReason: Record<string, number>;
  seconds: number;
  linesPerSec: number;
  /** Ids range of the records stored by this run. */
  firstId: number | null;
  lastId: number | null;
}

export async function ingest(store: Store, inputs: ResolvedInput[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const started = performance.now();
  const sync = await TemplateSync.load(store);
  const summary: IngestSummary = {
    files: [], linesRead: 0, recordsStored: 0, rejected: 0, rejectsByReason: {}, seconds: 0, linesPerSec: 0, firstId: null, lastId: null,
  };
  for (const input of inputs) {
    const outcome = input.kind === 'stdin'
      ? await ingestStream(store, sync, opts, summary)
      : await ingestFile(store, sync, input.path, input.size, opts, summary);
    summary.files.push(outcome);
  }
  summary.seconds = (performance.now() - started) / 1000;
  summary.linesPerSec = summary.seconds > 0 ? Math.round(summary.linesRead / summary.seconds) : 0;
  return summary;
}

async function ingestFile(
  store: Store, sync: TemplateSync, path: string, size: number, opts: IngestOptions, summary: IngestSummary,
): Promise<FileOutcome> {
  if (size === 0) return { kind: 'empty', path };
  const key = (await fileIdentity(path)) ?? `path:${resolve(path)}`;
  const gz = /\.gz$/i.test(path);
  let cp = await store.getCheckpoint(key);
  if (cp && !gz && cp.offset > size) {
    opts.onNotice?.(`${path} is shorter than when last read (truncated); reading it again from the start`);
    cp = null;
  }
  if (cp && !gz && cp.offset === size) return { kind: 'unchanged', path };

  const decoder = await decoderFor(path, opts);
  if (decoder.kind === 'error') {
    const reject = makeReject('unknown format', decoder.message, { file: path, line: 0, offset: 0 });
    await store.appendBatch({ rows: [], rejects: [reject] });
    countRejects(summary, [reject]);
    return { kind: 'failed', path, error: decoder.message, lines: 0, records: 0, rejects: 1 };
  }
  opts.onNotice?.(`${path}: ${decoder.decoder.description}${cp ? `, resuming at line ${cp.line + 1}` : ''}`);

  const run = new BatchWriter(store, sync, summary, opts.learn ?? true, { key, path, offset: cp?.offset ?? 0, line: cp?.line ?? 0, size });
  const lines = readLines(path, {
    startOffset: cp?.offset ?? 0,
    startLine: cp?.line ?? 0,
    batchLines: opts.batchLines,
    onBytes: opts.onProgress ? (bytes) => opts.onProgress!({ file: path, bytes, totalBytes: size }) : undefined,
  });
  const result = await run.consume(lines, decoder.decoder);
  const format = decoder.decoder.description;
  if (result.kind === 'error') return { kind: 'failed', path, error: result.message, ...run.counts };
  if (result.kind === 'conflict') {
    opts.onNotice?.(`${path}: another process is ingesting this file; stopped here`);
  }
  return { kind: 'ingested', path, format, ...run.counts };
}

async function ingestStream(store: Store, sync: TemplateSync, opts: IngestOptions, summary: IngestSummary): Promise<FileOutcome> {
  const stream = opts.stdin ?? (process.stdin as AsyncIterable<Buffer>);
  const format = (opts.format && opts.format !== 'auto' ? opts.format : opts.lineFormat || opts.preset ? 'line' : 'json') as FormatName;
  if (!opts.format || opts.format === 'auto') {
    if (!opts.lineFormat && !opts.preset) opts.onNotice?.('reading standard input as JSON lines (pass --format or --line-format for other formats)');
  }
  const decoder = createDecoder({ ...opts, format, fileName: opts.fileName ?? 'stdin' });
  const run = new BatchWriter(store, sync, summary, opts.learn ?? true, null);
  const result = await run.consume(splitLines(stream, { batchLines: opts.batchLines }), decoder);
  if (result.kind === 'error') return { kind: 'failed', path: '-', error: result.message, ...run.counts };
  return { kind: 'ingested', path: '-', format: decoder.description, ...run.counts };
}

type DecoderChoice = { kind: 'ok'; decoder: RecordDecoder } | { kind: 'error'; message: string };

async function decoderFor(path: string, opts: IngestOptions): Promise<DecoderChoice> {
  const fileName = opts.fileName ?? path;
  if (opts.lineFormat || opts.preset) return { kind: 'ok', decoder: createDecoder({ ...opts, format: 'line', fileName }) };
  if (opts.format && opts.format !== 'auto') return { kind: 'ok', decoder: createDecoder({ ...opts, format: opts.format, fileName }) };
  const detection = detectFormat(await headLines(path), { ...opts, fileName });
  if (detection.kind === 'unknown') return { kind: 'error', message: detection.message };
  return {
    kind: 'ok',
    decoder: createDecoder({ ...opts, format: detection.format, preset: detection.preset, lineFormat: detection.lineFormat, fileName }),
  };
}

function countRejects(summary: IngestSummary, rejects: Reject[]): void {
  for (const r of rejects) summary.rejectsByReason[r.reason] = (summary.rejectsByReason[r.reason] ?? 0) + 1;
  summary.rejected += rejects.length;
}

/** Accumulates decoded items and commits them batch by batch with the checkpoint. */
class BatchWriter {
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

  async consume(batches: AsyncIterable<RawLine[]>, decoder: RecordDecoder): Promise<{ kind: 'done' | 'conflict' } | { kind: 'error'; message: string }> {
    try {
      for await (const batch of batches) {
        for (const line of batch) {
          this.lineAtEnd.set(line.end, line.line);
          this.take(decoder.push(line));
        }
        this.counts.lines += batch.length;
        this.summary.linesRead += batch.length;
        if (!(await this.commit())) return { kind: 'conflict' };
      }
      this.take(decoder.flush());
      return (await this.commit()) ? { kind: 'done' } : { kind: 'conflict' };
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

  /** Store the pending rows; false when another process moved this file's checkpoint meanwhile. */
  private async commit(): Promise<boolean> {
    if (this.rows.length === 0 && this.rejects.length === 0) return true;
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
    if (outcome.kind === 'conflict') return false;
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
    return true;
  }
}
