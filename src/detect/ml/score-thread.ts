/**
 * Scoring on a worker thread (score-worker.ts) that keeps the model loaded: the caller opens an
 * input, pushes its records in order and ends it for the report, exactly what `scoreRecords` would
 * give on the same records. Each `batchSize` records go to the worker as soon as they are complete
 * (packed, see packed-events.ts), so the worker scores batch k while the caller reads batch k+1.
 *
 * Why: in a scan the model (features, forest, LSTM, verdicts) was about half the main thread's
 * work, and ingest could not read on while the model held the thread. In the worker, tfjs also
 * stays out of the caller's thread (see tf-backend.ts). Factors name templates by placeholder
 * (factor-labels.ts): a name function does not cross threads.
 */
import { toPortable, type MlModel } from './model.js';
import { packedBuffers, packEvents, type PackableRecord, type PackedEvents } from './packed-events.js';
import { DEFAULT_SCORE } from './score.js';
import type { ScoreReport } from './types.js';
import { startWorker } from './workers.js';

/** To the worker: one batch of input `input` (each message is one scoring batch), then its end. */
export type ScoreRequest = { kind: 'batch'; input: number; events: PackedEvents } | { kind: 'end'; input: number };
export type ScoreReply = { kind: 'report'; input: number; report: ScoreReport } | { kind: 'failed'; input: number; reason: string };

export interface ScoreInput {
  /** The next record, its template id in the model's numbering given apart (no copy of the record needed). */
  push(record: PackableRecord, templateId: number): void;
  /** The report on every record pushed (anomalous verdicts only), factors naming templates by placeholder. */
  end(): Promise<ScoreReport>;
}

export interface ScoreThread {
  open(): ScoreInput;
  close(): Promise<void>;
}

/** Starts the worker now: it loads the model (and tfjs) while the caller reads its first records. */
export function startScoreThread(model: MlModel, batchSize = DEFAULT_SCORE.batchSize): ScoreThread {
  const worker = startWorker('score-worker', toPortable(model));
  worker.unref();
  const waiting = new Map<number, { resolve: (r: ScoreReport) => void; reject: (e: Error) => void }>();
  let nextInput = 0;
  let broken: Error | null = null;
  const failAll = (err: Error): void => {
    broken ??= err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('message', (m: ScoreReply) => {
    const w = waiting.get(m.input);
    waiting.delete(m.input);
    if (waiting.size === 0) worker.unref();
    if (m.kind === 'report') w?.resolve(m.report);
    else w?.reject(new Error(m.reason));
  });
  worker.on('error', (e) => failAll(new Error(`the scoring worker stopped: ${e.message}`)));
  worker.on('exit', (code) => failAll(new Error(`the scoring worker exited with code ${code}`)));
  const key = model.meta.options.sessionKey;
  return {
    open() {
      const input = nextInput++;
      let batch: PackableRecord[] = [];
      let templateIds: number[] = [];
      const send = (): void => {
        if (batch.length === 0 || broken) return;
        const events = packEvents(batch, templateIds, key);
        batch = [];
        templateIds = [];
        worker.postMessage({ kind: 'batch', input, events } satisfies ScoreRequest, packedBuffers(events));
      };
      return {
        push(record, templateId) {
          batch.push(record);
          templateIds.push(templateId);
          if (batch.length >= batchSize) send();
        },
        end() {
          send();
          if (broken) return Promise.reject(broken);
          return new Promise<ScoreReport>((resolve, reject) => {
            waiting.set(input, { resolve, reject });
            worker.ref(); // a report still to come keeps the process alive
            worker.postMessage({ kind: 'end', input } satisfies ScoreRequest);
          });
        },
      };
    },
    async close() {
      broken ??= new Error('the scoring worker was closed');
      await worker.terminate();
    },
  };
}
