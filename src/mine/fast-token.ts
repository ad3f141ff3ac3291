/**
 * The scanner's hot path: one pass over a token that computes its character classes, finds its numeric
 * spans (NUM, HEX, ID, by the same rule as classify.ts) and hashes its key as it goes. Tokens that need
 * more (a slash, `@`, `=`, a quote, a custom mask, an IP, a decimal, a UUID) are flagged `slow` and
 * left to classifyToken, so both paths give a token the same key.
 */
import { ALNUM, AT, charClass, DIGIT, EQUALS, HEXLETTER, isDigit, SLASH, SPACE } from './char-scan.js';
import { runMask } from './classify.js';
import { M, MaskRegistry } from './masks.js';
import type { LineScan } from './scanner.js';
import { HASH_SEED, hashStep } from './token-table.js';

/** What scanToken found besides the segments it pushed. */
export interface TokenState {
  bits: number;
  hash: number;
  /** The token needs classifyToken: its pushed segments are to be dropped. */
  slow: boolean;
}

/** Longest quoted value kept as one token. */
const MAX_QUOTED = 256;

/** A `"` opens a quoted value at the start of a token or after `=` or `:`. */
function opensQuote(text: string, tokenStart: number, p: number): boolean {
  if (p === tokenStart) return true;
  const prev = text.charCodeAt(p - 1);
  return prev === 61 || prev === 58;
}

/**
 * Scan the token starting at `start` (not whitespace) up to `end`; returns where it ends. `customAt` is
 * the start of the next custom-mask span (or -1): a token reaching it is slow.
 */
export function scanToken(line: LineScan, start: number, end: number, customAt: number, enabled: number, state: TokenState): number {
  const text = line.text;
  let bits = 0;
  let hash = HASH_SEED;
  let slow = false;
  let runStart = -1;
  let runHash = 0;
  let digits = 0;
  let letters = 0;
  let hexLetters = 0;
  let signPos = -2;
  let signHash = 0;
  let p = start;
  for (;;) {
    const c = p < end ? text.charCodeAt(p) : 32;
    const cls = charClass(c);
    if ((cls & ALNUM) !== 0 && p !== customAt) {
      if (runStart < 0) {
        runStart = p;
        runHash = hash;
        digits = letters = hexLetters = 0;
      }
      if ((cls & DIGIT) !== 0) digits++;
      else {
        letters++;
        if ((cls & HEXLETTER) !== 0) hexLetters++;
      }
      bits |= cls;
      hash = hashStep(hash, c);
      p++;
      continue;
    }
    const afterRun = runStart >= 0;
    if (afterRun && digits > 0 && !slow) {
      // The run just ended: decide its mask, as classifyRun does.
      const len = p - runStart;
      if ((letters === 0 && c === 46 && p + 1 < end && isDigit(text.charCodeAt(p + 1))) || (c === 45 && len === 8 && digits + hexLetters === 8)) {
        slow = true; // an IP, a decimal or a UUID
      } else {
        const mask = runMask(text, runStart, p, digits, letters, hexLetters);
        if (mask >= 0 && (enabled & (1 << mask)) !== 0) {
          const signed = mask === M.NUM && signPos === runStart - 1;
          line.pushSegment(signed ? signPos : runStart, p, mask);
          hash = hashStep(signed ? signHash : runHash, MaskRegistry.BASE + mask);
        }
      }
    }
    runStart = -1;
    if ((cls & SPACE) !== 0) break;
    if (p === customAt) {
      state.bits = bits;
      state.slow = true;
      return p; // the caller skips over the custom span
    }
    bits |= cls;
    if ((cls & (SLASH | AT | EQUALS)) !== 0) slow = true;
    if ((c === 45 || c === 43) && !afterRun) {
      signPos = p;
      signHash = hash;
    }
    hash = hashStep(hash, c);
    p++;
    if (c === 34 && opensQuote(text, start, p - 1)) {
      // A quoted value is one token even when it holds spaces: `tag="View Lock"`.
      const close = text.indexOf('"', p);
      if (close > 0 && close < end && close - p <= MAX_QUOTED) {
        slow = true;
        for (; p <= close; p++) bits |= charClass(text.charCodeAt(p)) & ~SPACE;
      }
    }
  }
  state.bits = bits;
  state.hash = hash;
  state.slow = slow;
  return p;
}
