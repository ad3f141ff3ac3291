import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { ScenarioName, SynthEvent } from './types.js';

/** Lines are written in chunks of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

export interface LabelledLines {
  /** 1-based line numbers. */
  lines: number[];
  first: number;
  last: number;
}

export interface WriteResult {
  lines: number;
  labelled: Map<ScenarioName, LabelledLines>;
}

/**
 * Stream events to `path`, one line each, honouring backpressure: memory stays flat however many lines.
 * Records the line numbers (and time span) of every event that carries a scenario label.
 */
export async function writeEvents(path: string, events: Iterable<SynthEvent>): Promise<WriteResult> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const labelled = new Map<ScenarioName, LabelledLines>();
  let lineNo = 0;
  let chunk = '';
  const flush = async (): Promise<void> => {
    if (!out.write(chunk)) await once(out, 'drain');
    chunk = '';
  };
  try {
    for (const event of events) {
      lineNo++;
      chunk += event.text + '\n';
      if (event.scenario) record(labelled, event.scenario, lineNo, event.ts);
      if (chunk.length >= CHUNK_CHARS) await flush();
    }
    if (chunk) await flush();
  } finally {
    out.end();
  }
  await finished(out);
  return { lines: lineNo, labelled };
}

function record(labelled: Map<ScenarioName, LabelledLines>, scenario: ScenarioName, line: number, ts: number): void {
  const entry = labelled.get(scenario);
  if (!entry) {
    labelled.set(scenario, { lines: [line], first: ts, last: ts });
    return;
  }
  entry.lines.push(line);
  entry.first = Math.min(entry.first, ts);
  entry.last = Math.max(entry.last, ts);
}
