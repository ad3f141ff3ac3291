/**
 * Watch: follow files like `tail -F` and run each new line through the whole pipeline: decode,
 * mine (match-only unless learning), store with the file checkpoint, detect, group into incidents.
 * A restart resumes every file from its checkpoint, so no line is missed or repeated.
 */
import type { FormatOptions, RecordDecoder } from '../formats/index.js';
import type { Alert } from '../domain/index.js';
import { tailFiles } from '../sources/tail.js';
import type { Store } from '../store/store.js';
import { BatchWriter } from './batch-writer.js';
import type { IngestSummary } from './ingest.js';
import { TemplateSync } from './template-sync.js';
import { decoderFor } from './decoder-for.js';

export interface WatchOptions extends FormatOptions {
  patterns: string[];
  fromEnd?: boolean;
  /** Learn new templates while watching (default: match-only, templates never change). */
  learn?: boolean;
  pollMs?: number;
  signal?: AbortSignal;
  /** Runs after each stored batch (detection, scoring, grouping); returns the alerts it raised. */
  afterStore?: (stored: { ids: number[]; writtenAt: number }) => Promise<Alert[]>;
  onAlerts?: (alerts: Alert[]) => void | Promise<void>;
  onNotice?: (message: string) => void;
}

interface Followed {
  decoder: RecordDecoder;
  writer: BatchWriter;
  key: string;
}

export interface WatchStats {
  lines: number;
  records: number;
  rejects: number;
  alerts: number;
}

export async function watch(store: Store, opts: WatchOptions): Promise<WatchStats> {
  const sync = await TemplateSync.load(store);
  const summary: IngestSummary = {
    files: [], linesRead: 0, recordsStored: 0, rejected: 0, rejectsByReason: {}, seconds: 0, linesPerSec: 0, firstId: null, lastId: null, earliestTs: null,
  };
  const stats: WatchStats = { lines: 0, records: 0, rejects: 0, alerts: 0 };
  const followed = new Map<string, Followed>();
  const learn = opts.learn ?? false;

  const batches = tailFiles({
    patterns: opts.patterns,
    fromEnd: opts.fromEnd,
    pollMs: opts.pollMs,
    signal: opts.signal,
    resume: async (key) => {
      const cp = await store.getCheckpoint(key);
      return cp ? { offset: cp.offset, line: cp.line } : null;
    },
  });

  for await (const batch of batches) {
    let f = followed.get(batch.path);
    if (!f || batch.event === 'rotated' || batch.event === 'truncated' || f.key !== batch.key) {
      const choice = await decoderFor(batch.path, opts);
      if (choice.kind === 'unknown') {
        opts.onNotice?.(choice.message);
        continue;
      }
      const decoder = choice.decoder;
      // The compare-and-swap expects what is stored for this identity (an older generation's offset after
      // a truncation or rotation to identical first lines); the next commit replaces it with where we are.
      const cp = await store.getCheckpoint(batch.key);
      const checkpoint = { key: batch.key, path: batch.path, offset: cp?.offset ?? 0, line: cp?.line ?? 0, size: batch.size };
      if (f) {
        f.writer.flushDecoder(f.decoder);
        await f.writer.commit();
      }
      f = { decoder, writer: new BatchWriter(store, sync, summary, learn, checkpoint), key: batch.key };
      followed.set(batch.path, f);
      if (batch.event === 'opened') opts.onNotice?.(`watching ${batch.path}: ${decoder.description}`);
    }
    if (batch.lines.length === 0) continue;
    f.writer.pushLines(batch.lines, f.decoder);
    // Live files are idle between writes: emit the record the decoder holds back for continuation lines.
    f.writer.flushDecoder(f.decoder);
    const writtenAt = Date.now();
    const outcome = await f.writer.commit();
    stats.lines += batch.lines.length;
    if (outcome.kind === 'conflict') {
      opts.onNotice?.(`${batch.path}: another process stored these lines first; skipping them`);
      continue;
    }
    if (outcome.kind !== 'stored') continue;
    stats.records += outcome.ids.length;
    stats.rejects = summary.rejected;
    const alerts = (await opts.afterStore?.({ ids: outcome.ids, writtenAt })) ?? [];
    stats.alerts += alerts.length;
    if (alerts.length) await opts.onAlerts?.(alerts);
  }
  return stats;
}

