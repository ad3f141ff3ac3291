/**
 * Finds the built-in masked spans inside one token (a token that holds a digit, a slash, `@` or `=`).
 *
 * Rules, each a general property of log variables:
 * - URL (`scheme://…`), PATH (`/a/b`, `~/a`, `C:\a`) and EMAIL run to the end of the token.
 * - Within the rest, alphanumeric runs (split on punctuation, `_` included) are classified:
 *   IPv4 and UUID first; a run of digits is NUM (with a sign when one precedes it, and a `.fraction`);
 *   `0x…` is HEX, as is a run of 6+ hex characters holding both digits and letters (hash codes);
 *   a run that starts with a digit is NUM (`100ms`, `64KB`); a run with more digits than letters is ID
 *   (`t761`, `R02`; neutral on Loghub 2k, kept as the general rule). Splitting on punctuation keeps the
 *   constant part of an identifier: `blk_<NUM>`.
 */
import {
  alnumRunEnd,
  AT,
  charClass,
  DIGIT,
  HEXLETTER,
  isAlnum,
  isDigit,
  isHex,
  isSign,
  LETTER,
  matchEmail,
  matchIPv4,
  matchPath,
  matchURL,
  matchUUID,
  SLASH,
} from './char-scan.js';
import { M, type MaskRegistry } from './masks.js';
import type { LineScan } from './scanner.js';

/** Characters after which a path may start inside a token: `(["'=:,<` */
function opensPath(code: number): boolean {
  return code === 40 || code === 91 || code === 34 || code === 39 || code === 61 || code === 58 || code === 44 || code === 60;
}

/**
 * Push the built-in segments of token [start, end). Segments already pushed for this token (custom
 * masks) are skipped over. `bits` are the OR of the token's character classes.
 */
export function classifyToken(line: LineScan, start: number, end: number, bits: number, registry: MaskRegistry): void {
  const text = line.text;
  let custom = line.segFrom[line.count];
  const customEnd = line.segCount;
  let p = start;
  while (p < end) {
    if (custom < customEnd && p === line.segStart[custom]) {
      p = line.segEnd[custom++];
      continue;
    }
    const stop = custom < customEnd ? line.segStart[custom] : end;
    const c = text.charCodeAt(p);
    if ((bits & SLASH) !== 0 && (p === start || opensPath(text.charCodeAt(p - 1)))) {
      if (registry.isEnabled(M.URL)) {
        const q = matchURL(text, p, stop);
        if (q > 0) {
          line.pushSegment(p, q, M.URL);
          p = q;
          continue;
        }
      }
      if (registry.isEnabled(M.PATH)) {
        const q = matchPath(text, p, stop);
        if (q > 0) {
          line.pushSegment(p, q, M.PATH);
          p = q;
          continue;
        }
      }
    }
    if (!isAlnum(c)) {
      p++;
      continue;
    }
    if ((bits & AT) !== 0 && registry.isEnabled(M.EMAIL)) {
      const q = matchEmail(text, p, stop);
      if (q > 0) {
        line.pushSegment(p, q, M.EMAIL);
        p = q;
        continue;
      }
    }
    p = classifyRun(line, start, p, stop, registry);
  }
}

/** Classify the alnum run at `p` (and what it starts: an IP, a UUID, a decimal); returns where to go on. */
function classifyRun(line: LineScan, tokenStart: number, p: number, stop: number, registry: MaskRegistry): number {
  const text = line.text;
  let runEnd = p;
  let digits = 0;
  let hexLetters = 0;
  let letters = 0;
  for (; runEnd < stop; runEnd++) {
    const cls = charClass(text.charCodeAt(runEnd));
    if ((cls & DIGIT) !== 0) digits++;
    else if ((cls & LETTER) !== 0) {
      letters++;
      if ((cls & HEXLETTER) !== 0) hexLetters++;
    } else break;
  }
  if (digits === 0) return runEnd;
  const len = runEnd - p;
  const sep = runEnd < stop ? text.charCodeAt(runEnd) : 0;
  if (sep === 46 && letters === 0 && len <= 3 && registry.isEnabled(M.IP)) {
    const q = matchIPv4(text, p, stop);
    if (q > 0) {
      line.pushSegment(p, q, M.IP);
      return q;
    }
  }
  if (sep === 45 && len === 8 && digits + hexLetters === 8 && registry.isEnabled(M.UUID)) {
    const q = matchUUID(text, p, stop);
    if (q > 0) {
      line.pushSegment(p, q, M.UUID);
      return q;
    }
  }
  const mask = runMask(text, p, runEnd, digits, letters, hexLetters);
  let end = runEnd;
  // A decimal fraction: `3.25`, `1.5GB`.
  if (mask === M.NUM && letters === 0 && sep === 46 && runEnd + 1 < stop && isDigit(text.charCodeAt(runEnd + 1))) {
    end = alnumRunEnd(text, runEnd + 1, stop);
  }
  if (mask < 0 || !registry.isEnabled(mask)) return runEnd;
  let from = p;
  if (mask === M.NUM && p > tokenStart && isSign(text.charCodeAt(p - 1)) && (p - 1 === tokenStart || !isAlnum(text.charCodeAt(p - 2)))) from--;
  line.pushSegment(from, end, mask);
  return end;
}

/**
 * The mask of an alphanumeric run [p, runEnd) holding `digits` digits (> 0), `letters` letters of which
 * `hexLetters` are a-f: HEX, NUM, ID, or -1 for a word.
 */
export function runMask(text: string, p: number, runEnd: number, digits: number, letters: number, hexLetters: number): number {
  const len = runEnd - p;
  const c0 = text.charCodeAt(p);
  if (letters === 0) return M.NUM;
  if (len > 2 && c0 === 48 && (text.charCodeAt(p + 1) | 32) === 120 && allHex(text, p + 2, runEnd)) return M.HEX;
  if (digits + hexLetters === len && len >= 6) return M.HEX;
  if (isDigit(c0)) return M.NUM;
  return digits > letters ? M.ID : -1;
}

function allHex(text: string, p: number, end: number): boolean {
  for (; p < end; p++) if (!isHex(text.charCodeAt(p))) return false;
  return true;
}
