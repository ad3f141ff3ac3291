/**
 * A column of free text (message, user, attributes, parameters) as the UTF-8 bytes of its values
 * end to end, for a batch crossing to a writer thread (log-columns.ts).
 *
 * Why bytes: the JSON of attributes and parameters is written straight into the bytes, where it
 * was built as a string per row and then joined with the others (1,000,000 generic lines packed in
 * 1.15–1.3 s of main-thread CPU instead of 1.9–2.0 s, timed around it in alternating runs); the
 * Buffer crosses to the writer thread without a copy (transferred), outside V8's heap; and the
 * PostgreSQL writer copies the bytes into COPY without encoding them again (its thread's CPU
 * 2.5–2.8 → 1.9–2.6 s). The SQLite writer decodes each value as it binds it (about 0.3 s more).
 */
import { utf8Text, writeUtf8 } from '../shared/utf8.js';
import { attrsJson, paramsJson } from './row-json.js';

/** Value i is `bytes` from `ends[i - 1] ?? 0` to `ends[i]`, decoded, or null where `nulls[i]` is 1. */
export interface Utf8Column {
  bytes: Buffer;
  ends: Uint32Array;
  /** Absent when the column has no nulls. */
  nulls: Uint8Array | null;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
/** Strings longer than this are written natively (see `write`). */
const NATIVE_FROM = 24;

/** Collects a column's values as UTF-8. `expectedBytes`: a typical value's size, for the first Buffer. */
export class Utf8ColumnBuilder {
  private readonly ends: Uint32Array;
  private nulls: Uint8Array | null = null;
  private buf: Buffer;
  private pos = 0;
  private i = 0;

  constructor(private readonly length: number, expectedBytes = 32) {
    this.ends = new Uint32Array(length);
    // Not from Node's shared pool: the Buffer's memory is this column's alone, so it can be transferred.
    this.buf = Buffer.allocUnsafeSlow(Math.max(256, length * expectedBytes));
  }

  add(value: string | null | undefined): void {
    if (value == null) (this.nulls ??= new Uint8Array(this.length))[this.i] = 1;
    else this.write(value);
    this.ends[this.i++] = this.pos;
  }

  /** JSON.stringify(values) ('[]' for none), written as it is built when every value is a string with nothing to escape. */
  addJsonArray(values: readonly string[] | null | undefined): void {
    const start = this.pos;
    if (!this.jsonArray(values ?? [])) {
      this.pos = start;
      this.write(paramsJson(values));
    }
    this.ends[this.i++] = this.pos;
  }

  /** JSON.stringify(object) ('{}' for none), written as it is built when every value is a string with nothing to escape. */
  addJsonObject(object: Record<string, unknown> | null | undefined): void {
    const start = this.pos;
    if (!this.jsonObject(object ?? {})) {
      this.pos = start;
      this.write(attrsJson(object));
    }
    this.ends[this.i++] = this.pos;
  }

  finish(): Utf8Column {
    return { bytes: this.buf.subarray(0, this.pos), ends: this.ends, nulls: this.nulls };
  }

  private jsonArray(values: readonly unknown[]): boolean {
    this.byte(0x5b);
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (k > 0) this.byte(COMMA);
      if (typeof v !== 'string' || !this.jsonString(v)) return false;
    }
    this.byte(0x5d);
    return true;
  }

  private jsonObject(object: Record<string, unknown>): boolean {
    this.byte(0x7b);
    let first = true;
    for (const key in object) {
      const v = object[key];
      if (typeof v !== 'string' || !Object.hasOwn(object, key)) return false;
      if (!first) this.byte(COMMA);
      first = false;
      if (!this.jsonString(key)) return false;
      this.byte(COLON);
      if (!this.jsonString(v)) return false;
    }
    this.byte(0x7d);
    return true;
  }

  /** `s` quoted, if it is ASCII without anything JSON escapes (false otherwise, with the position left mid-way). */
  private jsonString(s: string): boolean {
    const n = s.length;
    this.room(n + 2);
    const buf = this.buf;
    const at = this.pos + 1;
    buf[at - 1] = QUOTE;
    for (let k = 0; k < n; k++) {
      const c = s.charCodeAt(k);
      if (c < 0x20 || c === QUOTE || c === BACKSLASH || c >= 0x80) return false;
      buf[at + k] = c;
    }
    buf[at + n] = QUOTE;
    this.pos = at + n + 1;
    return true;
  }

  /**
   * Short ASCII byte by byte, anything else the native way: a native call costs about 45 ns, a character
   * read 2–4 (more in a slice of a longer string, as a decoded message is), so they break even near 24
   * characters (measured on generic messages: 60 characters natively in 47–51 ns instead of 97–115).
   */
  private write(s: string): void {
    const n = s.length;
    // A UTF-16 code unit is at most 3 UTF-8 bytes (a surrogate pair, 2 units, is 4).
    this.room(n * 3);
    const buf = this.buf;
    const at = this.pos;
    if (n > NATIVE_FROM) {
      this.pos = at + writeUtf8(buf, s, at);
      return;
    }
    for (let k = 0; k < n; k++) {
      const c = s.charCodeAt(k);
      if (c >= 0x80) {
        this.pos = at + writeUtf8(buf, s, at);
        return;
      }
      buf[at + k] = c;
    }
    this.pos = at + n;
  }

  private byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  private room(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(2 * this.buf.length, this.pos + bytes));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }
}

/** Where value `i` starts in the column's bytes (it ends at `ends[i]`). */
export function utf8Start(column: Utf8Column, i: number): number {
  return i === 0 ? 0 : column.ends[i - 1]!;
}

export function textAt(column: Utf8Column, i: number): string | null {
  if (column.nulls !== null && column.nulls[i] === 1) return null;
  return utf8Text(column.bytes, utf8Start(column, i), column.ends[i]!);
}

/** A column as it arrives from another thread (a structured clone makes its Buffer a plain Uint8Array): its Buffer again, the same memory. */
export function revivedUtf8(column: Utf8Column): Utf8Column {
  const b = column.bytes as Uint8Array;
  return Buffer.isBuffer(b) ? column : { ...column, bytes: Buffer.from(b.buffer, b.byteOffset, b.byteLength) };
}

/** The columns' values end to end, as one column. */
export function concatUtf8(columns: readonly Utf8Column[], lengths: readonly number[]): Utf8Column {
  const n = lengths.reduce((a, b) => a + b, 0);
  const ends = new Uint32Array(n);
  let nulls: Uint8Array | null = null;
  let row = 0;
  let bytes = 0;
  columns.forEach((column, k) => {
    for (let i = 0; i < lengths[k]!; i++) ends[row + i] = bytes + column.ends[i]!;
    if (column.nulls) (nulls ??= new Uint8Array(n)).set(column.nulls, row);
    row += lengths[k]!;
    bytes += column.bytes.length;
  });
  return { bytes: Buffer.concat(columns.map((c) => c.bytes), bytes), ends, nulls };
}
