/**
 * Reading records into line events with their stream: the record's session, or its service's
 * stream when the session key gives none.
 */
import { toLineEvent, type LineEvent } from './features.js';
import { sessionOf, type SessionKey } from './sessions.js';
import type { MlRecord } from './types.js';

export interface StreamedEvents {
  events: LineEvent[];
  /** Stream id of each record. */
  streams: string[];
  /** Record indices per stream, streams in order of first appearance. */
  byStream: Map<string, number[]>;
  /** Records per real session (empty when the key is the service). */
  sessions: Map<string, number[]>;
}

const empty = (): StreamedEvents => ({ events: [], streams: [], byStream: new Map(), sessions: new Map() });

function add(out: StreamedEvents, r: MlRecord, session: string | null): void {
  const stream = session ?? `service:${r.service}`;
  const i = out.events.length;
  out.events.push(toLineEvent(r, stream));
  out.streams.push(stream);
  push(out.byStream, stream, i);
  if (session !== null) push(out.sessions, session, i);
}

export async function readStreams(
  records: AsyncIterable<MlRecord> | Iterable<MlRecord>,
  key: SessionKey,
  onRecord?: (count: number) => void,
): Promise<StreamedEvents> {
  const of = sessionOf(key);
  const out = empty();
  for await (const r of records) {
    add(out, r, key.kind === 'service' ? null : of(r));
    if (onRecord && out.events.length % 10_000 === 0) onRecord(out.events.length);
  }
  return out;
}

/** The same, in batches of at most `size` records; indices are within the batch, `offset` is the first record's position. */
export async function* readBatches(
  records: AsyncIterable<MlRecord> | Iterable<MlRecord>,
  key: SessionKey,
  size: number,
): AsyncGenerator<StreamedEvents & { offset: number }> {
  const of = sessionOf(key);
  let out = empty();
  let offset = 0;
  for await (const r of records) {
    add(out, r, key.kind === 'service' ? null : of(r));
    if (out.events.length >= size) {
      yield { ...out, offset };
      offset += out.events.length;
      out = empty();
    }
  }
  if (out.events.length > 0) yield { ...out, offset };
}

function push(m: Map<string, number[]>, key: string, value: number): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}

export function templatesOf(events: LineEvent[], indices: number[]): number[] {
  return indices.map((i) => events[i].templateId);
}
