/**
 * Scoring on a worker thread (score-worker.ts) that keeps the model loaded: the caller opens an
 * input, pushes its records in order and ends it for the report, exactly what `scoreRecords` would
 * give on the same records. Every `partSize` records go to the worker (packed, see
 * packed-events.ts), and the worker scores each part's per-record half as it arrives
 * (row-scores.ts); a part that completes a scoring batch of `batchSize` records says so, and the
 * worker finishes that batch then. So the worker works while the caller reads, and little is
 * left for it once the caller has pushed the last record. After each part the worker also says
 * which of its records may still appear in a verdict (`onCandidates`): the caller need not hold
 * the others until the report.
 *
 * Why: in a scan the model (features, forest, LSTM, verdicts) was about half the main thread's
 * work, and ingest could not read on while the model held the thread. In the worker, tfjs also
 * stays out of the caller's thread (see tf-backend.ts). Factors name templates by placeholder
 * (factor-labels.ts): a name function does not cross threads.
 */
import { toPortable, type MlModel } from './model.js';
import { packedBuffers, packEvents, type PackableRecord, type PackedEvents } from './packed-events.js';
import { DEFAULT_SCORE, type OnCandidates } from './score.js';
import type { ScoreReport } from './types.js';
import { startWorker } from './workers.js';

/** To the worker: the parts of input `input` (`closes`: the part completes a scoring batch), then its end. */
export type ScoreRequest = { kind: 'part'; input: number; events: PackedEvents; closes: boolean } | { kind: 'end'; input: number };
export type ScoreReply =
  | { kind: 'candidates'; input: number; from: number; flags: Uint8Array }
  | { kind: 'report'; input: number; report: ScoreReport }
  | { kind: 'failed'; input: number; reason: string };

export interface ScoreInput {
  /** The next record, its template id in the model's numbering given apart (no copy of the record needed). */
  push(record: PackableRecord, templateId: number): void;
  /** The report on every record pushed (anomalous verdicts only), factors naming templates by placeholder. */
  end(): Promise<ScoreReport>;
}

export interface ScoreThread {
  /** A new input; `onCandidates` hears which of its records may still appear in a verdict (see score.ts). */
  open(onCandidates?: OnCandidates): ScoreInput;
  close(): Promise<void>;
}

/**
 * Records per part sent to the worker: small enough that the worker keeps up with the reader, and
 * that the caller lets go of a part's records soon (see STREAMING_BATCH_LINES in scan.ts).
 */
export const PART_SIZE = 1000;

/** Starts the worker now: it loads the model (and tfjs) while the caller reads its first records. */
export function startScoreThread(model: MlModel, batchSize = DEFAULT_SCORE.batchSize, partSize = PART_SIZE): ScoreThread {
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
  const listeners = new Map<number, OnCandidates>();
  worker.on('message', (m: ScoreReply) => {
    if (m.kind === 'candidates') {
      listeners.get(m.input)?.(m.from, m.flags);
      return;
    }
    listeners.delete(m.input);
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
    open(onCandidates) {
      const input = nextInput++;
      if (onCandidates) listeners.set(input, onCandidates);
      let part: PackableRecord[] = [];
      let templateIds: number[] = [];
      /** Records of the current scoring batch, sent or not. */
      let inBatch = 0;
      const send = (closes: boolean): void => {
        if (broken) return;
        const events = packEvents(part, templateIds, key);
        part = [];
        templateIds = [];
        worker.postMessage({ kind: 'part', input, events, closes } satisfies ScoreRequest, packedBuffers(events));
      };
      return {
        push(record, templateId) {
          part.push(record);
          templateIds.push(templateId);
          if (++inBatch === batchSize) {
            send(true);
            inBatch = 0;
          } else if (part.length >= partSize) send(false);
        },
        end() {
          if (inBatch > 0) send(true);
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
