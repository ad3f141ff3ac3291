/**
 * UTF-8 between strings and bytes without Buffer's argument checks. `utf8Slice` and `utf8Write` are the
 * methods `buf.toString('utf8', start, end)` and `buf.write(s, at)` end in (on every Buffer since Node
 * 0.x, though undocumented); called directly, `utf8Slice` decodes a 60-byte value in 53–60 ns instead
 * of 74–113. Hot paths call them once per line read, per row packed and per value the SQLite writer binds.
 */
interface SliceableBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
  utf8Write(s: string, at: number): number;
}

/** `bytes.toString('utf8', start, end)`, the same string (invalid sequences become U+FFFD). */
export function utf8Text(bytes: Buffer, start: number, end: number): string {
  return (bytes as SliceableBuffer).utf8Slice(start, end);
}

/** Writes `s` as UTF-8 at `at` (the caller has made room: 3 bytes per UTF-16 unit); the bytes written. */
export function writeUtf8(bytes: Buffer, s: string, at: number): number {
  return (bytes as SliceableBuffer).utf8Write(s, at);
}
