import { REJECT_RAW_LIMIT } from '../domain/log-record.js';
import type { RawLine } from '../sources/raw-line.js';
import type { RejectReason } from './format.js';

/**
 * Splits a stream of lines into JSON values, one event per value, whatever the layout:
 *   NDJSON (one object per line — parsed directly, the fast path), pretty-printed objects spanning lines,
 *   top-level arrays `[ {...}, {...} ]`, and CloudTrail-style wrappers `{"Records": [ ... ]}` (one line or
 *   pretty-printed). Arrays and wrappers are streamed: only the element being read is buffered, never the
 *   whole document. Nesting is tracked by bracket depth, skipping string contents and escapes.
 *
 * Broken input becomes an `error` piece; the splitter then skips to the next line that starts with `{` or `[`
 * (the skipped lines are folded into the same error, so nothing is dropped silently).
 */
export type JsonPiece =
  | { kind: 'value'; value: unknown; line: number; offset: number; end: number }
  | { kind: 'error'; reason: RejectReason; raw: string; line: number; offset: number; end: number };

export interface JsonSplitterOptions {
  /** An element larger than this (characters) is rejected as 'record too long'. */
  maxValueChars: number;
}

export const DEFAULT_JSON_SPLITTER: JsonSplitterOptions = { maxValueChars: 4 * 1024 * 1024 };

const RECORDS_PREFIX = /^\{\s*"Records"\s*:\s*$/;
const TRAILING_SEPARATORS = /[\s,\]}]+$/;
const QUOTE = 34, BACKSLASH = 92, COMMA = 44, OPEN_OBJECT = 123, CLOSE_OBJECT = 125, OPEN_ARRAY = 91, CLOSE_ARRAY = 93;

interface Element {
  /** Text from earlier lines (each followed by '\n'). */
  head: string;
  /** Index in the current line where the element starts (0 when it started on an earlier line). */
  from: number;
  line: number;
  offset: number;
}

interface Skip {
  raw: string;
  reason: RejectReason;
  line: number;
  offset: number;
  end: number;
}

export class JsonSplitter {
  private depth = 0;
  private readonly closers: number[] = [];
  private inString = false;
  private escaped = false;
  /** Depth at which values are events: 0 for top-level values, 1 in a top-level array, 2 in a Records wrapper. */
  private eventDepth = 0;
  /** The wrapper's array is closed: ignore the rest of the wrapper. */
  private wrapperDone = false;
  private element: Element | undefined;
  private skip: Skip | undefined;
  /** End offset of the last line pushed. */
  private lastEnd = 0;

  constructor(private readonly options: JsonSplitterOptions = DEFAULT_JSON_SPLITTER) {}

  push(line: RawLine, text: string, out: JsonPiece[]): void {
    this.lastEnd = line.end;
    if (this.skip !== undefined) {
      if (!startsValue(text)) {
        this.extendSkip(text, line.end);
        return;
      }
      this.endSkip(out);
    }
    if (this.isIdle() && this.tryWholeLine(line, text, out)) return;
    this.scan(line, text, out);
  }

  /** End of input: whatever is open becomes a 'truncated JSON' error. */
  finish(out: JsonPiece[]): void {
    if (this.skip !== undefined) this.endSkip(out);
    if (this.element !== undefined) {
      const e = this.element;
      out.push({ kind: 'error', reason: 'truncated JSON', raw: head(e.head), line: e.line, offset: e.offset, end: this.lastEnd });
    }
    this.reset();
  }

  /** A line that cannot be read (too long, binary): abandon the open value and report it with the line's reason. */
  interrupt(line: RawLine, reason: RejectReason, out: JsonPiece[]): void {
    this.lastEnd = line.end;
    if (this.skip !== undefined) this.endSkip(out);
    const e = this.element;
    const inside = e !== undefined || this.depth > 0;
    out.push({ kind: 'error', reason, raw: head(e === undefined ? line.text : e.head + line.text), line: e?.line ?? line.line, offset: e?.offset ?? line.offset, end: line.end });
    this.reset();
    if (inside) this.skipAfter(line, 'invalid JSON');
  }

  private isIdle(): boolean {
    return this.depth === 0 && this.element === undefined;
  }

  /** NDJSON fast path: a line that is a whole value on its own. */
  private tryWholeLine(line: RawLine, text: string, out: JsonPiece[]): boolean {
    const first = firstNonSpace(text);
    const c = text.charCodeAt(first);
    const last = text.charCodeAt(text.length - 1);
    if (!((c === OPEN_OBJECT && last === CLOSE_OBJECT) || (c === OPEN_ARRAY && last === CLOSE_ARRAY))) return false;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return false;
    }
    const events = Array.isArray(value) ? value : recordsOf(value) ?? [value];
    for (const event of events) out.push({ kind: 'value', value: event, line: line.line, offset: line.offset, end: line.end });
    return true;
  }

  private scan(line: RawLine, text: string, out: JsonPiece[]): void {
    if (this.element !== undefined) this.element.from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c <= 32) continue;
      if (this.wrapperDone) {
        if (!this.wrapperChar(c)) return this.fail(line, text);
      } else if (this.depth === this.eventDepth) {
        if (!this.betweenEvents(c, i, line, text, out)) return;
      } else if (!this.insideEvent(c, i, line, text, out)) {
        return this.fail(line, text);
      }
    }
    if (this.inString) return this.fail(line, text); // JSON strings never span lines
    this.carryOver(line, text, out);
  }

  /** A character where the next event may start; false when the rest of the line was reported and skipped. */
  private betweenEvents(c: number, i: number, line: RawLine, text: string, out: JsonPiece[]): boolean {
    if (c === COMMA) return true;
    if (c === OPEN_OBJECT || (c === OPEN_ARRAY && this.eventDepth > 0)) {
      this.element = { head: '', from: i, line: line.line, offset: line.offset };
      this.open(c);
    } else if (c === OPEN_ARRAY) {
      this.eventDepth = 1; // a top-level array: its elements are the events
      this.open(c);
    } else if ((c === CLOSE_ARRAY || c === CLOSE_OBJECT) && this.eventDepth > 0 && this.closers[this.closers.length - 1] === c) {
      this.close();
      if (this.depth === 0) this.eventDepth = 0;
      else this.wrapperDone = true; // the Records array is closed
    } else {
      const rest = text.slice(i);
      const reason = isJson(rest.replace(TRAILING_SEPARATORS, '')) ? 'not a JSON object' : 'invalid JSON';
      out.push({ kind: 'error', reason, raw: head(rest), line: line.line, offset: line.offset, end: line.end });
      if (this.eventDepth > 0) {
        this.reset();
        this.skipAfter(line, 'invalid JSON');
      }
      return false;
    }
    return true;
  }

  /** A character inside an event; false when the brackets do not match. */
  private insideEvent(c: number, i: number, line: RawLine, text: string, out: JsonPiece[]): boolean {
    if (c === QUOTE) {
      this.inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (c === OPEN_ARRAY && this.eventDepth === 0 && this.depth === 1 && this.isRecordsWrapper(text, i)) {
        this.element = undefined;
        this.eventDepth = 2;
      }
      this.open(c);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (this.closers[this.closers.length - 1] !== c) return false;
      this.close();
      if (this.depth === this.eventDepth) this.emit(line, text, i + 1, out);
    }
    return true;
  }

  /** Keep the part of an unfinished event that is on this line. */
  private carryOver(line: RawLine, text: string, out: JsonPiece[]): void {
    const e = this.element;
    if (e === undefined) return;
    e.head += (e.from === 0 ? text : text.slice(e.from)) + '\n';
    if (e.head.length <= this.options.maxValueChars) return;
    out.push({ kind: 'error', reason: 'record too long', raw: head(e.head), line: e.line, offset: e.offset, end: line.end });
    this.reset();
    this.skipAfter(line, 'record too long');
  }

  /** A character of a wrapper after its events (`]}` and any other keys); false when it does not fit. */
  private wrapperChar(c: number): boolean {
    if (c === QUOTE) {
      this.inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      this.open(c);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (this.closers[this.closers.length - 1] !== c) return false;
      this.close();
      if (this.depth === 0) {
        this.eventDepth = 0;
        this.wrapperDone = false;
      }
    }
    return true;
  }

  private isRecordsWrapper(text: string, i: number): boolean {
    const e = this.element!;
    if (e.head.length > 200) return false;
    return RECORDS_PREFIX.test(e.head + text.slice(e.from, i));
  }

  private emit(line: RawLine, text: string, to: number, out: JsonPiece[]): void {
    const e = this.element!;
    const json = e.head + text.slice(e.from, to);
    this.element = undefined;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      out.push({ kind: 'error', reason: 'invalid JSON', raw: head(json), line: e.line, offset: e.offset, end: line.end });
      return;
    }
    out.push({ kind: 'value', value, line: e.line, offset: e.offset, end: line.end });
  }

  /** Broken structure: report what was open plus the rest of the line, then skip to the next value start. */
  private fail(line: RawLine, text: string): void {
    const e = this.element;
    const raw = e === undefined ? text : e.head + text.slice(e.from);
    this.reset();
    this.skip = { raw: head(raw), reason: 'invalid JSON', line: e?.line ?? line.line, offset: e?.offset ?? line.offset, end: line.end };
  }

  /** Skip the lines after `line` until one starts a value; they will be reported with `reason`. */
  private skipAfter(line: RawLine, reason: RejectReason): void {
    this.skip = { raw: '', reason, line: line.line + 1, offset: line.end, end: line.end };
  }

  private extendSkip(text: string, end: number): void {
    const skip = this.skip!;
    if (skip.raw.length < REJECT_RAW_LIMIT) skip.raw = head(skip.raw === '' ? text : `${skip.raw}\n${text}`);
    skip.end = end;
  }

  private endSkip(out: JsonPiece[]): void {
    const skip = this.skip!;
    this.skip = undefined;
    if (skip.raw !== '') out.push({ kind: 'error', ...skip });
  }

  private open(c: number): void {
    this.closers.push(c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY);
    this.depth++;
  }

  private close(): void {
    this.closers.pop();
    this.depth--;
  }

  private reset(): void {
    this.depth = 0;
    this.closers.length = 0;
    this.inString = false;
    this.escaped = false;
    this.eventDepth = 0;
    this.wrapperDone = false;
    this.element = undefined;
  }
}

/** The events of a CloudTrail-style `{"Records": [...]}` document, or undefined for any other value. */
function recordsOf(value: unknown): unknown[] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const records = (value as { Records?: unknown }).Records;
  return Array.isArray(records) ? records : undefined;
}

function startsValue(text: string): boolean {
  const c = text.charCodeAt(firstNonSpace(text));
  return c === OPEN_OBJECT || c === OPEN_ARRAY;
}

function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  return i;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function head(text: string): string {
  return text.length > REJECT_RAW_LIMIT ? text.slice(0, REJECT_RAW_LIMIT) : text;
}
