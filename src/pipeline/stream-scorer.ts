/**
 * Model scoring while the records arrive (a scan without --db, see memory-logs.ts). The records are
 * cut into the chunks `createModelScorer` would read from a store (page-aligned chunks of
 * `chunkRecords`, in id order), each chunk is one input of the model, scored batch by batch on a
 * worker thread as its records arrive (score-thread.ts), and its drafts are made by the same
 * `chunkDrafts`. So the drafts are those of `detect --ml` over the same records, the model works on
 * the second core while ingest decodes and mines, and only the anomalies' evidence lines are kept.
 *
 * A chunk holds its records until its report, for the evidence; but as each part of it is scored,
 * the worker says which records may still appear in a verdict (2.7 % of a generated 218k-line
 * scan), and the others are let go then: peak RSS of that scan 512–537 → 433–478 MB, the same
 * report byte for byte.
 *
 * As an MlScorer (for detectAndGroup) it returns the drafts once the input has ended, with the
 * template names in their factors filled in then (factor-labels.ts).
 */
import type { AlertDraft, StoredLog } from '../domain/index.js';
import { fillLabels, placeholderLabel } from '../detect/ml/factor-labels.js';
import type { MlModel } from '../detect/ml/model.js';
import { scoreRecords } from '../detect/ml/score.js';
import { startScoreThread, type ScoreInput, type ScoreThread } from '../detect/ml/score-thread.js';
import type { MlRecord, ScoreReport } from '../detect/ml/types.js';
import type { Store } from '../store/store.js';
import type { MlScorer, MlScoring } from './detect-run.js';
import type { LogConsumer } from './memory-logs.js';
import { chunkDrafts, DEFAULT_MODEL_SCORER, scorable, templateLabels, type ModelScorerOptions } from './ml-scorer.js';
import { templateIdTranslator } from './model-templates.js';

export interface StreamScorerOptions extends ModelScorerOptions {
  /** Records per page of the store `detect --ml` would read (SQLite's scanLogs: 5000); chunks are whole pages. */
  pageRecords: number;
  /** Score on a worker thread (default) or on this one. */
  thread: 'worker' | 'main';
}

export const DEFAULT_STREAM_SCORER: StreamScorerOptions = { ...DEFAULT_MODEL_SCORER, pageRecords: 5000, thread: 'worker' };

export interface StreamScorer extends MlScorer, LogConsumer {
  /** Stop the worker (idempotent; `score` does it too). */
  close(): Promise<void>;
}

interface OpenChunk {
  /** Records taken, scorable or not. */
  taken: number;
  /** The scorable ones, in order: a verdict's index is a position here (empty once known never to be in a verdict). */
  logs: (StoredLog | undefined)[];
  input: ScoreInput;
}

/** A scorer of the records appended to `store` (the wrapped one: its templates name the factors). */
export function createStreamScorer(model: MlModel, store: Store, options: Partial<StreamScorerOptions> = {}): StreamScorer {
  const opts = { ...DEFAULT_STREAM_SCORER, ...options };
  const chunkSize = Math.ceil(opts.chunkRecords / opts.pageRecords) * opts.pageRecords;
  const thread: ScoreThread | null = opts.thread === 'worker' ? startScoreThread(model) : null;
  const open = (logs: OpenChunk['logs']): ScoreInput =>
    thread
      ? thread.open((from, flags) => {
          for (let i = 0; i < flags.length; i++) if (flags[i] === 0) logs[from + i] = undefined;
        })
      : inThreadInput(model);
  let modelId: ((storeId: number) => number) | null = null;
  let chunk: OpenChunk | null = null;
  /** The drafts of every closed chunk, in order. */
  let reported: Promise<void> = Promise.resolve();
  let scored = 0;
  const drafts: AlertDraft[] = [];
  const evidence = new Map<number, StoredLog>();

  const keep = (c: OpenChunk, report: ScoreReport): void => {
    scored += c.logs.length;
    const shown = new Set<number>();
    for (const d of chunkDrafts(c.logs, report, model, opts)) {
      drafts.push(d);
      for (const id of d.evidence) shown.add(id);
    }
    if (shown.size === 0) return;
    for (const log of c.logs) if (log && shown.has(log.id)) evidence.set(log.id, log);
  };
  /** End the open chunk; resolves once the chunk before it is reported (so at most two are held). */
  const closeChunk = async (): Promise<void> => {
    const c = chunk!;
    chunk = null;
    const before = reported;
    const report = c.input.end();
    reported = Promise.all([report, before]).then(([r]) => keep(c, r));
    reported.catch(() => {}); // a failure surfaces where it is awaited, not as an unhandled rejection
    await before;
  };
  const close = async (): Promise<void> => {
    await thread?.close();
  };

  return {
    async take(logs) {
      modelId ??= await templateIdTranslator(store, model);
      for (const log of logs) {
        if (!chunk) {
          const logs: OpenChunk['logs'] = [];
          chunk = { taken: 0, logs, input: open(logs) };
        }
        chunk.taken++;
        if (scorable(log)) {
          chunk.logs.push(log);
          chunk.input.push(log, modelId(log.templateId!));
        }
        if (chunk.taken === chunkSize) await closeChunk();
      }
    },
    kept: (id) => evidence.get(id),
    async score(): Promise<MlScoring> {
      try {
        if (chunk) await closeChunk();
        await reported;
      } finally {
        await close();
      }
      const label = await templateLabels(store, model);
      return { scored, drafts: drafts.map((d) => ({ ...d, factors: fillLabels(d.factors, label) })), commit: async () => {} };
    },
    close,
  };
}

/** The same input scored in this thread, all at once when it ends. */
function inThreadInput(model: MlModel): ScoreInput {
  const records: MlRecord[] = [];
  return {
    push: (r, templateId) => void records.push({ ...r, templateId }),
    end: () => scoreRecords(model, records, { onlyAnomalous: true, label: placeholderLabel }),
  };
}
