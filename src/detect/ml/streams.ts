/**
 * Reading records into line events with their stream: the record's session, or its service's
 * stream when the session key gives none.
 */
import { toLineEvent, type LineEvent } from './features.js';
import { sessionOf, type SessionKey, type SessionOf } from './sessions.js';
import type { MlRecord } from './types.js';

export interface StreamedEvents {
  events: LineEvent[];
  /** Stream id of each record. */
  streams: string[];
  /** Record indices per stream, streams in order of first appearance. */
  byStream: Map<string, number[]>;
  /** Records per real session (empty when the key is the service). */
  sessions: Map<string, number[]>;
  /** 1 where the record is in a real session. */
  inSession: number[];
}

const empty = (): StreamedEvents => ({ events: [], streams: [], byStream: new Map(), sessions: new Map(), inSession: [] });

/**
 * A record's line event, its stream (its session, or its service's stream) and whether that stream
 * is a real session. Only a real session is a sequence: the event's `session` is null otherwise, so
 * no transition is scored across a service's interleaved work (features.ts).
 */
export interface StreamedEvent {
  event: LineEvent;
  stream: string;
  inSession: boolean;
}

/** The stream of a record outside any session: its service's. */
export function serviceStream(service: string): string {
  return `service:${service}`;
}

/** The record as a streamed event: its session by `of`, or its service's stream (`of` null: the key is the service). */
export function streamedEvent(r: MlRecord, of: SessionOf | null): StreamedEvent {
  const session = of ? of(r) : null;
  return { event: toLineEvent(r, session), stream: session ?? serviceStream(r.service), inSession: session !== null };
}

/** What a batch holds for a record whose event it need not keep (see BatchBuilder.add). */
const SET_ASIDE: LineEvent = Object.freeze({ ts: NaN, service: '', level: 'INFO', templateId: NaN, params: [], messageLength: 0, session: null });

function addEvent(out: StreamedEvents, e: StreamedEvent, keep = true): void {
  if (!keep && e.inSession) throw new Error('a record of a session must keep its event');
  const stream = e.stream;
  const i = out.events.length;
  out.events.push(keep ? e.event : SET_ASIDE);
  out.streams.push(stream);
  out.inSession.push(e.inSession ? 1 : 0);
  push(out.byStream, stream, i);
  if (e.inSession) push(out.sessions, stream, i);
}


export async function readStreams(
  records: AsyncIterable<MlRecord> | Iterable<MlRecord>,
  key: SessionKey,
  onRecord?: (count: number) => void,
): Promise<StreamedEvents> {
  const of = key.kind === 'service' ? null : sessionOf(key);
  const out = empty();
  for await (const r of records) {
    addEvent(out, streamedEvent(r, of));
    if (onRecord && out.events.length % 10_000 === 0) onRecord(out.events.length);
  }
  return out;
}

/** Streamed events gathered into batches: indices are within the batch, `offset` is its first record's position in the input. */
export class BatchBuilder {
  private out = empty();
  private offset = 0;

  /** The next record; with `keep` false (only outside sessions) the batch holds a placeholder for its event. */
  add(e: StreamedEvent, keep = true): void {
    addEvent(this.out, e, keep);
  }

  get size(): number {
    return this.out.events.length;
  }

  /** The batch gathered since the last take. */
  take(): StreamedEvents & { offset: number } {
    const batch = { ...this.out, offset: this.offset };
    this.offset += this.out.events.length;
    this.out = empty();
    return batch;
  }
}

/** The records as streamed events in batches of at most `size` records. */
export async function* readBatches(
  records: AsyncIterable<MlRecord> | Iterable<MlRecord>,
  key: SessionKey,
  size: number,
): AsyncGenerator<StreamedEvents & { offset: number }> {
  const of = key.kind === 'service' ? null : sessionOf(key);
  const builder = new BatchBuilder();
  for await (const r of records) {
    builder.add(streamedEvent(r, of));
    if (builder.size >= size) yield builder.take();
  }
  if (builder.size > 0) yield builder.take();
}

function push(m: Map<string, number[]>, key: string, value: number): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}

export function templatesOf(events: LineEvent[], indices: number[]): number[] {
  return indices.map((i) => events[i].templateId);
}
