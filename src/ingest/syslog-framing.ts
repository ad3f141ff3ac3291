/**
 * Syslog over TCP (RFC 6587): a stream of messages, each framed either by octet counting
 * (`<length> <message>`, RFC 5425 style) or by a trailing newline (non-transparent framing). The
 * framing is decided per message from its first byte: a digit 1–9 followed by digits and a space
 * means octet counting; anything else runs to the next LF. Pure: bytes in, messages out.
 */

export type Frame =
  | { kind: 'message'; text: string; offset: number }
  /** A message longer than the limit (its head is kept to reject with, the rest skipped), or cut by the end of the stream. */
  | { kind: 'broken'; reason: 'message too long' | 'truncated message'; head: string; offset: number };

export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

const LF = 10, SPACE = 32, ZERO = 48, NINE = 57;
/** Digits of a length prefix: 9 (a length up to 999,999,999) is far more than any limit. */
const MAX_LENGTH_DIGITS = 9;

type Skip = { kind: 'none' } | { kind: 'bytes'; left: number } | { kind: 'line' };

export class SyslogFramer {
  private buffer: Buffer = Buffer.alloc(0);
  /** Stream offset of buffer[0]. */
  private base = 0;
  private skip: Skip = { kind: 'none' };

  constructor(private readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {}

  push(chunk: Buffer): Frame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Frame[] = [];
    while (this.buffer.length > 0 && this.next(frames)) {
      /* each step takes one frame (or skips) off the buffer */
    }
    return frames;
  }

  /** End of stream: an unterminated newline-framed message still counts; an octet-counted one cut short is broken. */
  end(): Frame[] {
    const frames: Frame[] = [];
    if (this.buffer.length > 0 && this.skip.kind === 'none') {
      const prefix = lengthPrefix(this.buffer);
      if (prefix.kind === 'length') {
        frames.push({ kind: 'broken', reason: 'truncated message', head: this.head(prefix.digits + 1, this.buffer.length), offset: this.base });
      } else {
        const text = clean(this.buffer.toString('utf8'));
        if (text !== '') frames.push({ kind: 'message', text, offset: this.base });
      }
    }
    this.consume(this.buffer.length);
    this.skip = { kind: 'none' };
    return frames;
  }

  /** Take one step; false when more bytes are needed. */
  private next(frames: Frame[]): boolean {
    const buf = this.buffer;
    if (this.skip.kind === 'bytes') {
      const n = Math.min(this.skip.left, buf.length);
      this.consume(n);
      this.skip = this.skip.left === n ? { kind: 'none' } : { kind: 'bytes', left: this.skip.left - n };
      return this.skip.kind === 'none';
    }
    if (this.skip.kind === 'line') {
      const lf = buf.indexOf(LF);
      this.consume(lf === -1 ? buf.length : lf + 1);
      if (lf !== -1) this.skip = { kind: 'none' };
      return lf !== -1;
    }
    const prefix = lengthPrefix(buf);
    if (prefix.kind === 'more') return false;
    if (prefix.kind === 'length') return this.counted(prefix.length, prefix.digits, frames);
    return this.line(frames);
  }

  private counted(length: number, digits: number, frames: Frame[]): boolean {
    const start = digits + 1;
    if (length > this.maxFrameBytes) {
      frames.push({ kind: 'broken', reason: 'message too long', head: this.head(start, start + length), offset: this.base });
      this.consume(start);
      this.skip = { kind: 'bytes', left: length };
      return true;
    }
    if (this.buffer.length < start + length) return false;
    const text = clean(this.buffer.toString('utf8', start, start + length));
    if (text !== '') frames.push({ kind: 'message', text, offset: this.base });
    this.consume(start + length);
    return true;
  }

  private line(frames: Frame[]): boolean {
    const lf = this.buffer.indexOf(LF);
    if (lf === -1) {
      if (this.buffer.length <= this.maxFrameBytes) return false;
      frames.push({ kind: 'broken', reason: 'message too long', head: this.head(0, this.buffer.length), offset: this.base });
      this.consume(this.buffer.length);
      this.skip = { kind: 'line' };
      return false;
    }
    if (lf > this.maxFrameBytes) {
      frames.push({ kind: 'broken', reason: 'message too long', head: this.head(0, lf), offset: this.base });
    } else {
      const text = clean(this.buffer.toString('utf8', 0, lf));
      if (text !== '') frames.push({ kind: 'message', text, offset: this.base });
    }
    this.consume(lf + 1);
    return true;
  }

  private head(from: number, to: number): string {
    return this.buffer.toString('utf8', from, Math.min(to, from + 2048));
  }

  private consume(n: number): void {
    this.buffer = this.buffer.subarray(n);
    this.base += n;
  }
}

type Prefix = { kind: 'length'; length: number; digits: number } | { kind: 'none' } | { kind: 'more' };

/** `123 ` at the start of the buffer: an octet count. */
function lengthPrefix(buf: Buffer): Prefix {
  if (buf[0]! < ZERO + 1 || buf[0]! > NINE) return { kind: 'none' };
  let i = 1;
  while (i < buf.length && i <= MAX_LENGTH_DIGITS && buf[i]! >= ZERO && buf[i]! <= NINE) i++;
  if (i === buf.length) return i <= MAX_LENGTH_DIGITS ? { kind: 'more' } : { kind: 'none' };
  if (buf[i] !== SPACE) return { kind: 'none' };
  return { kind: 'length', length: Number(buf.toString('latin1', 0, i)), digits: i };
}

/** Trailing CR, LF and NUL (some senders end frames with them) are not part of the message. */
function clean(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 13 || text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 0)) end--;
  return end === text.length ? text : text.slice(0, end);
}
