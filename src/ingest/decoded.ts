/** What decoding a pushed body gives: records, and rejects with their index in the body; or why the body is unusable. */
import type { LogRecord, Reject } from '../domain/index.js';
import type { PushBatch } from './writer.js';

export interface IndexedReject {
  /** 0-based: the line of an NDJSON body, the element of a JSON array, the log record of an OTLP request. */
  index: number;
  reject: Reject;
}

export type DecodedBody =
  | { kind: 'decoded'; records: LogRecord[]; rejects: IndexedReject[] }
  | { kind: 'invalid'; reason: string };

export function batchOf(decoded: Extract<DecodedBody, { kind: 'decoded' }>, bytes: number): PushBatch {
  return { records: decoded.records, rejects: decoded.rejects.map((r) => r.reject), bytes };
}
