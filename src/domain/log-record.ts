import type { Level } from './level.js';

/** Where a record came from: file (or stream name), 1-based line number, byte offset of its first byte. */
export interface SourcePos {
  file: string;
  line: number;
  offset: number;
}

/** One decoded log event, whatever format it came from. */
export interface LogRecord {
  /** Epoch milliseconds, UTC. */
  ts: number;
  service: string;
  host?: string;
  level: Level;
  /** The level word as written in the source ("warning", "E", "500"). */
  rawLevel?: string;
  user?: string;
  message: string;
  /** Every other decoded field: a JSON object. */
  attrs: Record<string, unknown>;
  source: SourcePos;
}

/** A record as stored: it has an id, and the template the miner assigned. */
export interface StoredLog extends LogRecord {
  id: number;
  templateId: number | null;
  params: string[];
}

/** A line (or record) that could not be decoded. Kept with its reason, never dropped silently. */
export interface Reject {
  reason: string;
  /** Raw text, truncated to REJECT_RAW_LIMIT characters. */
  raw: string;
  source: SourcePos;
}

export const REJECT_RAW_LIMIT = 2048;

export function makeReject(reason: string, raw: string, source: SourcePos): Reject {
  return { reason, raw: raw.length > REJECT_RAW_LIMIT ? raw.slice(0, REJECT_RAW_LIMIT) : raw, source };
}

/**
 * A record with every field in place, in one order, the absent ones undefined. Every decoder makes
 * its records here, so the code that handles records (mining, batching, packing, scoring) sees one
 * object shape whatever formats a run reads: records shaped by their format and by which optional
 * fields they had (4 shapes in a generated scan) made V8 throw away and recompile those functions
 * each time a new shape turned up.
 */
export function makeRecord(fields: Partial<LogRecord> & Pick<LogRecord, 'ts' | 'message' | 'source'>): LogRecord {
  return {
    ts: fields.ts,
    service: fields.service ?? 'unknown',
    host: fields.host,
    level: fields.level ?? 'INFO',
    rawLevel: fields.rawLevel,
    user: fields.user,
    message: fields.message,
    attrs: fields.attrs ?? {},
    source: fields.source,
  };
}
