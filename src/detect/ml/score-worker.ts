/**
 * Worker-thread entry: holds a model and scores the inputs it is sent batch by batch (see
 * score-thread.ts). Each input is one `scoreBatches` run, fed as its batches arrive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { placeholderLabel } from './factor-labels.js';
import { fromPortable, type PortableModel } from './model.js';
import { unpackEvents } from './packed-events.js';
import { scoreEventBatches } from './score.js';
import type { ScoreReply, ScoreRequest } from './score-thread.js';
import { eventBatches, type StreamedEvents } from './streams.js';
import type { ScoreReport } from './types.js';

type Batch = StreamedEvents & { offset: number };

/** Batches handed over as they arrive, read by one consumer. */
class BatchQueue implements AsyncIterable<Batch> {
  private readonly items: Batch[] = [];
  private wake: (() => void) | null = null;
  private ended = false;
  push(b: Batch): void {
    this.items.push(b);
    this.wake?.();
  }
  end(): void {
    this.ended = true;
    this.wake?.();
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<Batch> {
    for (;;) {
      const next = this.items.shift();
      if (next) yield next;
      else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

const model = fromPortable(workerData as PortableModel);
const inputs = new Map<number, { queue: BatchQueue; offset: number; report: Promise<ScoreReport> }>();

function inputOf(id: number) {
  let input = inputs.get(id);
  if (!input) {
    const queue = new BatchQueue();
    const report = scoreEventBatches(model, queue, { onlyAnomalous: true, label: placeholderLabel });
    report.catch(() => {}); // reported when the input ends
    inputs.set(id, (input = { queue, offset: 0, report }));
  }
  return input;
}

parentPort!.on('message', (m: ScoreRequest) => {
  const input = inputOf(m.input);
  if (m.kind === 'batch') {
    // One message is one scoring batch, at its place in the input.
    for (const b of eventBatches(unpackEvents(m.events), Infinity)) input.queue.push({ ...b, offset: input.offset });
    input.offset += m.events.count;
    return;
  }
  inputs.delete(m.input);
  input.queue.end();
  input.report.then(
    (report) => parentPort!.postMessage({ kind: 'report', input: m.input, report } satisfies ScoreReply),
    (e: Error) => parentPort!.postMessage({ kind: 'failed', input: m.input, reason: `scoring failed: ${e.message}` } satisfies ScoreReply),
  );
});
