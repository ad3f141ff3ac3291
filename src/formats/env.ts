import { makeReject, type LogRecord, type SourcePos } from '../domain/log-record.js';
import type { RawLine } from '../sources/raw-line.js';
import type { RecordEnv } from './fields.js';
import { serviceFromFileName, type Decoded, type FormatOptions, type RejectReason } from './format.js';
import { timestampContext } from './timestamp.js';
import { resolveTimeZone } from './timezone.js';

/** The decoding environment from user options; throws FormatError for an unknown time zone. */
export function createRecordEnv(opts: FormatOptions, formatService: string): RecordEnv {
  return {
    time: timestampContext({ zone: resolveTimeZone(opts.timezone), now: opts.now }),
    service: opts.service || undefined,
    fallbackService: serviceFromFileName(opts.fileName) ?? formatService,
    file: opts.fileName ?? '-',
  };
}

export function sourceOf(env: RecordEnv, line: RawLine): SourcePos {
  return { file: env.file, line: line.line, offset: line.offset };
}

export function recordItem(record: LogRecord, end: number): Decoded {
  return { kind: 'record', record, end };
}

export function rejectItem(reason: RejectReason, raw: string, source: SourcePos, end: number): Decoded {
  return { kind: 'reject', reject: makeReject(reason, raw, source), end };
}
