/**
 * Encoding rows for `COPY ... FROM STDIN` in PostgreSQL's text format: one line per row, columns
 * separated by tabs, NULL written `\N`, and backslash, newline, carriage return and tab escaped
 * with a backslash. PostgreSQL text cannot hold U+0000 at all, so NUL becomes U+FFFD (the same
 * replacement `pgText` applies to parameters).
 */

export type CopyValue = string | number | null;

const SPECIAL = /[\\\n\r\t\0]/;
const SPECIAL_ALL = /[\\\n\r\t\0]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\uFFFD' };

export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : value;
}

export function copyLine(values: readonly CopyValue[]): string {
  let line = copyField(values[0] ?? null);
  for (let i = 1; i < values.length; i++) line += '\t' + copyField(values[i]!);
  return line + '\n';
}

/** Group lines into chunks of about `chunkChars` characters, so the socket sees few large writes. */
export function* chunkLines(lines: Iterable<string>, chunkChars = 256 * 1024): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** A string PostgreSQL accepts as text: U+0000 replaced by U+FFFD. */
export function pgText(value: string): string {
  return value.includes('\0') ? value.replaceAll('\0', '\uFFFD') : value;
}
