import type { RawLine } from '../sources/raw-line.js';

/**
 * Checks and clean-up every decoder applies to a physical line before its format looks at it.
 */

/** Why a line cannot be decoded whatever its format, or undefined when it can. */
export type LineProblem = 'line too long' | 'binary data';

const SUSPICIOUS = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFD]/;
const ANSI_ESCAPE = /\x1B\[[0-9;?]*[A-Za-z]/g;
/** More than this share of control or U+FFFD characters makes a line binary. */
const BINARY_SHARE = 0.3;

export function lineProblem(line: RawLine): LineProblem | undefined {
  if (line.truncated) return 'line too long';
  const text = line.text;
  if (!SUSPICIOUS.test(text)) return undefined;
  if (text.includes('\0')) return 'binary data';
  let suspicious = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 27) || c === 0x7f || c === 0xfffd) suspicious++;
  }
  return suspicious > text.length * BINARY_SHARE ? 'binary data' : undefined;
}

/** The line's text without a trailing carriage return or ANSI colour codes. */
export function cleanText(text: string): string {
  if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
  return text.includes('\x1B') ? text.replace(ANSI_ESCAPE, '') : text;
}

/** True for empty or whitespace-only text. */
export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 32) return false;
  return true;
}

const CONTINUATION = /^(?:[ \t]|at |Caused by:|Suppressed:|\.\.\. \d+ (?:more|common frames omitted)|[}\])])/;

/** Lines that plainly continue the record before them: indented lines, Java stack frames, closing brackets. */
export function looksLikeContinuation(text: string): boolean {
  return CONTINUATION.test(text);
}
