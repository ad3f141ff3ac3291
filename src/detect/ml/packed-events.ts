/**
 * Streamed events packed for another thread: columns in typed arrays (moved, not copied) and the
 * strings in one dictionary, instead of an object per record. Structured-cloning 100,000 records
 * as objects cost the sending thread 0.7 s and the receiving one about 1.2 s plus garbage
 * collection in a scan's profile; the score worker needs only what the line events hold. Pure.
 */
import type { Level } from '../../domain/index.js';
import type { LineEvent } from './features.js';
import { sessionOf, type SessionKey } from './sessions.js';
import { serviceStream, type StreamedEvent } from './streams.js';
import type { MlRecord } from './types.js';

export interface PackedEvents {
  count: number;
  ts: Float64Array;
  templateId: Float64Array;
  messageLength: Int32Array;
  /** Positions in `strings` of each event's service, level and stream. */
  service: Int32Array;
  level: Int32Array;
  stream: Int32Array;
  /** 1 where the stream is a real session. */
  inSession: Uint8Array;
  /** Parameters per event; their values follow one another in `params`. */
  paramCount: Int32Array;
  params: string[];
  strings: string[];
}

/** What packing reads of a record: an MlRecord whose template id is given apart (e.g. translated to the model's numbering). */
export type PackableRecord = Omit<MlRecord, 'templateId'>;

/**
 * The records as streamed events (sessions by `key`, template ids from `templateIds`), packed. Reads
 * the records in place, as `streamedEvent` would, without an event object per record.
 */
export function packEvents(records: readonly PackableRecord[], templateIds: ArrayLike<number>, key: SessionKey): PackedEvents {
  const n = records.length;
  const of = key.kind === 'service' ? null : sessionOf(key);
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const p: PackedEvents = {
    count: n, ts: new Float64Array(n), templateId: new Float64Array(n), messageLength: new Int32Array(n),
    service: new Int32Array(n), level: new Int32Array(n), stream: new Int32Array(n), inSession: new Uint8Array(n),
    paramCount: new Int32Array(n), params: [], strings,
  };
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    const session = of ? of(r as MlRecord) : null;
    p.ts[i] = r.ts;
    p.templateId[i] = templateIds[i]!;
    p.messageLength[i] = r.message.length;
    p.service[i] = intern(r.service);
    p.level[i] = intern(r.level);
    p.stream[i] = intern(session ?? serviceStream(r.service));
    p.inSession[i] = session === null ? 0 : 1;
    p.paramCount[i] = r.params.length;
    for (const v of r.params) p.params.push(v);
  }
  return p;
}

/** The buffers `postMessage` may move rather than copy. */
export function packedBuffers(p: PackedEvents): ArrayBuffer[] {
  return [p.ts, p.templateId, p.messageLength, p.service, p.level, p.stream, p.inSession, p.paramCount].map((a) => a.buffer as ArrayBuffer);
}

export function* unpackEvents(p: PackedEvents): Generator<StreamedEvent> {
  let at = 0;
  for (let i = 0; i < p.count; i++) {
    const params = p.params.slice(at, (at += p.paramCount[i]!));
    const stream = p.strings[p.stream[i]!]!;
    const inSession = p.inSession[i] === 1;
    const event: LineEvent = {
      ts: p.ts[i]!, service: p.strings[p.service[i]!]!, level: p.strings[p.level[i]!]! as Level, templateId: p.templateId[i]!,
      params, messageLength: p.messageLength[i]!, session: inSession ? stream : null,
    };
    yield { event, stream, inSession };
  }
}
