import type { LogRecord } from '../domain/log-record.js';
import type { RawLine } from '../sources/raw-line.js';
import { recordItem, rejectItem, sourceOf } from './env.js';
import type { RecordEnv } from './fields.js';
import type { Decoded, RecordDecoder, RejectReason } from './format.js';
import { cleanText, isBlank, lineProblem, looksLikeContinuation } from './line-text.js';

/**
 * Decodes the first line of a record. Returns the record, a reject reason (the line is a header but a field is
 * bad), or null when the line is not a header at all (it may continue the record before it).
 * (A bare union rather than a tagged one: this runs once per line and must not allocate a wrapper.)
 */
export interface HeaderDecoder {
  readonly description: string;
  decode(text: string, line: RawLine): LogRecord | RejectReason | null;
}

export interface MultilineOptions {
  /** Lines that are not headers join the record before them (stack traces). Off: they are rejected. */
  continuations: boolean;
  /** A record's message stops growing at this many characters; further lines are rejected. */
  maxMessageChars: number;
}

export const DEFAULT_MULTILINE: MultilineOptions = { continuations: true, maxMessageChars: 1024 * 1024 };

/**
 * A RecordDecoder for line-oriented formats. With continuations on, each record is held back until the next
 * header line (or flush) so that the lines after it — `\tat ...`, `Caused by: ...`, anything that is not a
 * header — can join its message with `\n`. Blank lines are skipped.
 */
export function createMultilineDecoder(header: HeaderDecoder, env: RecordEnv, options: MultilineOptions = DEFAULT_MULTILINE): RecordDecoder {
  let pending: LogRecord | undefined;
  let pendingEnd = 0;
  /** The last record outgrew maxMessageChars: its remaining continuation lines are rejected. */
  let overflowing = false;

  const release = (out: Decoded[]): void => {
    if (pending === undefined) return;
    out.push(recordItem(pending, pendingEnd));
    pending = undefined;
  };

  return {
    description: header.description,

    push(line: RawLine, out: Decoded[] = []): Decoded[] {
      const problem = lineProblem(line);
      if (problem !== undefined) {
        release(out);
        out.push(rejectItem(problem, line.text, sourceOf(env, line), line.end));
        return out;
      }
      const text = cleanText(line.text);
      if (isBlank(text)) return out;
      const decoded = header.decode(text, line);
      if (decoded === null) {
        if (options.continuations && pending !== undefined) {
          if (pending.message.length + text.length < options.maxMessageChars) {
            pending.message += '\n' + text;
            pendingEnd = line.end;
            if (line.invalidUtf8) pending.attrs.invalidUtf8 = true;
            return out;
          }
          release(out);
          overflowing = true;
        }
        if (overflowing) {
          out.push(rejectItem('record too long', text, sourceOf(env, line), line.end));
          return out;
        }
        const reason = looksLikeContinuation(text) ? 'continuation without a record' : 'no header match';
        out.push(rejectItem(reason, text, sourceOf(env, line), line.end));
        return out;
      }
      release(out);
      overflowing = false;
      if (typeof decoded === 'string') {
        out.push(rejectItem(decoded, text, sourceOf(env, line), line.end));
        return out;
      }
      if (line.invalidUtf8) decoded.attrs.invalidUtf8 = true;
      if (options.continuations) {
        pending = decoded;
        pendingEnd = line.end;
      } else {
        out.push(recordItem(decoded, line.end));
      }
      return out;
    },

    flush(): Decoded[] {
      const out: Decoded[] = [];
      release(out);
      overflowing = false;
      return out;
    },
  };
}
