import type { RawLine } from '../sources/raw-line.js';

/**
 * Checks and clean-up every decoder applies to a physical line before its format looks at it.
 */

/** Why a line cannot be decoded whatever its format, or undefined when it can. */
export type LineProblem = 'line too long' | 'binary data';

/** More than this share of control or U+FFFD characters makes a line binary. */
const BINARY_SHARE = 0.3;

/**
 * 'line too long' when the source cut the line; 'binary data' when it holds a NUL, or when it holds U+FFFD
 * (bytes that were not UTF-8) and more than 30% of its characters are U+FFFD or control characters.
 * Both searches are native single-character scans: this runs on every line.
 */
export function lineProblem(line: RawLine): LineProblem | undefined {
  if (line.truncated) return 'line too long';
  const text = line.text;
  if (text.indexOf('\0') !== -1) return 'binary data';
  if (!line.invalidUtf8 && text.indexOf('\uFFFD') === -1) return undefined;
  let suspicious = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 27) || c === 0x7f || c === 0xfffd) suspicious++;
  }
  return suspicious > text.length * BINARY_SHARE ? 'binary data' : undefined;
}

const ANSI_ESCAPE = /\x1B\[[0-9;?]*[A-Za-z]/g;

/** The line's text without trailing whitespace (a CR included) or ANSI colour codes. */
export function cleanText(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) <= 32) end--;
  if (end < text.length) text = text.slice(0, end);
  return text.includes('\x1B') ? text.replace(ANSI_ESCAPE, '') : text;
}

/** True for empty or whitespace-only text. */
export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 32) return false;
  return true;
}

const CONTINUATION =
  /^(?:[ \t]|at |Caused by:|Suppressed:|\.\.\. \d+ (?:more|common frames omitted)|[}\])]|Traceback \(most recent call last\)|(?:[A-Za-z_$][\w$]*\.)+[\w$]*(?:Exception|Error|Throwable)\b)/;

/**
 * Lines that plainly continue the record before them: indented lines, stack frames, `Caused by:`, exception
 * headlines (`java.io.IOException: ...`), closing brackets.
 */
export function looksLikeContinuation(text: string): boolean {
  return CONTINUATION.test(text);
}
