/**
 * Ingest: sources → formats → mine → store. Each batch of records is stored together with the
 * file's checkpoint (a compare-and-swap), so a run killed at any moment and re-run stores every
 * line exactly once, the same file twice stores nothing new, and an appended file ingests only its
 * new lines. Bad lines become rejects with a reason; nothing crashes the run.
 */
import { resolve } from 'node:path';
import { createDecoder, type FormatName, type FormatOptions } from '../formats/index.js';
import { makeReject, type Reject } from '../domain/index.js';
import { readLines, splitLines } from '../sources/file.js';
import { fileIdentity } from '../sources/identity.js';
import type { ResolvedInput } from '../sources/inputs.js';
import { MAX_LINE_BYTES } from '../sources/raw-line.js';
import type { Store } from '../store/store.js';
import { TemplateSync } from './template-sync.js';
import { decoderFor } from './decoder-for.js';
import { BatchWriter } from './batch-writer.js';

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
  /** The earliest data time among the records stored by this run (epoch ms). */
  earliestTs: number | null;
}

export async function ingest(store: Store, inputs: ResolvedInput[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const started = performance.now();
  const sync = await TemplateSync.load(store);
  const summary: IngestSummary = {
    files: [], linesRead: 0, recordsStored: 0, rejected: 0, rejectsByReason: {}, seconds: 0, linesPerSec: 0, firstId: null, lastId: null, earliestTs: null,
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
  if (decoder.kind === 'unknown') {
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
    maxLineBytes: maxLineBytesFor(decoder.format),
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

/**
 * Longest line a format may have. JSON documents (CloudTrail files are one line) may be large;
 * a line-oriented log line over 1 MiB is garbage.
 */
export function maxLineBytesFor(format: FormatName): number {
  return format === 'json' || format === 'cloudtrail' ? 64 * MAX_LINE_BYTES : MAX_LINE_BYTES;
}


export function countRejects(summary: IngestSummary, rejects: Reject[]): void {
  for (const r of rejects) summary.rejectsByReason[r.reason] = (summary.rejectsByReason[r.reason] ?? 0) + 1;
  summary.rejected += rejects.length;
}
