/**
 * Worker-thread entry: holds a model and scores the inputs it is sent part by part (see
 * score-thread.ts). Each input is one `scoreEventParts` run, fed as its parts arrive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { placeholderLabel } from './factor-labels.js';
import { fromPortable, type PortableModel } from './model.js';
import { unpackEvents } from './packed-events.js';
import { scoreEventParts, type EventPart } from './score.js';
import type { ScoreReply, ScoreRequest } from './score-thread.js';
import type { ScoreReport } from './types.js';

/** Parts handed over as they arrive, read by one consumer. */
class PartQueue implements AsyncIterable<EventPart> {
  private readonly items: EventPart[] = [];
  private wake: (() => void) | null = null;
  private ended = false;
  push(b: EventPart): void {
    this.items.push(b);
    this.wake?.();
  }
  end(): void {
    this.ended = true;
    this.wake?.();
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<EventPart> {
    for (;;) {
      const next = this.items.shift();
      if (next) yield next;
      else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

const model = fromPortable(workerData as PortableModel);
const inputs = new Map<number, { queue: PartQueue; report: Promise<ScoreReport> }>();

function inputOf(id: number) {
  let input = inputs.get(id);
  if (!input) {
    const queue = new PartQueue();
    const candidates = (from: number, flags: Uint8Array): void =>
      parentPort!.postMessage({ kind: 'candidates', input: id, from, flags } satisfies ScoreReply, [flags.buffer as ArrayBuffer]);
    const report = scoreEventParts(model, queue, { onlyAnomalous: true, label: placeholderLabel }, candidates);
    report.catch(() => {}); // reported when the input ends
    inputs.set(id, (input = { queue, report }));
  }
  return input;
}

parentPort!.on('message', (m: ScoreRequest) => {
  const input = inputOf(m.input);
  if (m.kind === 'part') {
    input.queue.push({ events: [...unpackEvents(m.events)], closes: m.closes });
    return;
  }
  inputs.delete(m.input);
  input.queue.end();
  input.report.then(
    (report) => parentPort!.postMessage({ kind: 'report', input: m.input, report } satisfies ScoreReply),
    (e: Error) => parentPort!.postMessage({ kind: 'failed', input: m.input, reason: `scoring failed: ${e.message}` } satisfies ScoreReply),
  );
});
