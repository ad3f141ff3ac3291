/**
 * Character-class matchers for the built-in masks. Each takes the message text, a start position and the
 * end of the current token, and returns where the match ends, or -1. No regular expressions: these run
 * on every token of every line.
 */

export const SPACE = 1;
export const DIGIT = 2;
/** a-f, A-F */
export const HEXLETTER = 4;
export const LETTER = 8;
/** `/` or `\`: the token may hold a path or URL. */
export const SLASH = 16;
export const AT = 32;
export const UPPER = 64;
export const LOWER = 128;
/** Structural punctuation: `= ( ) [ ] { } < > " # $ % & * + | ~ ^`, what sets a key, a call or a quote apart from a word. */
export const PUNCT = 256;
/** `=`: the token may hold `key=value` pairs. */
export const EQUALS = 512;
export const ALNUM = DIGIT | LETTER;

/** Class bits of every UTF-16 code unit (everything outside ASCII is a letter): one load per character, no branch. */
const TABLE = new Uint16Array(0x10000).fill(LETTER);
for (let c = 0; c < 128; c++) TABLE[c] = 0;
for (const c of [9, 10, 11, 12, 13, 32]) TABLE[c] = SPACE;
for (let c = 48; c <= 57; c++) TABLE[c] = DIGIT;
for (let c = 65; c <= 90; c++) TABLE[c] = LETTER | UPPER;
for (let c = 97; c <= 122; c++) TABLE[c] = LETTER | LOWER;
for (const c of 'abcdefABCDEF') TABLE[c.charCodeAt(0)] |= HEXLETTER;
for (const c of '=()[]{}<>"#$%&*+|~^') TABLE[c.charCodeAt(0)] = PUNCT;
TABLE[61] |= EQUALS;
TABLE[47] = SLASH;
TABLE[92] = SLASH;
TABLE[64] = AT;

/** The class table itself, for hot loops that keep it in a local (see Scanner.scanTokens). */
export const CHAR_CLASSES: Readonly<Uint16Array> = TABLE;

/** Class bits of a UTF-16 code unit; everything outside ASCII counts as a letter. */
export function charClass(code: number): number {
  return TABLE[code];
}

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isHex(code: number): boolean {
  return (TABLE[code] & (DIGIT | HEXLETTER)) !== 0;
}

function isAlnum(code: number): boolean {
  return (charClass(code) & ALNUM) !== 0;
}

/** Characters that end a path or URL rather than belong to it (`see /var/log.` or `(/tmp/x)`). */
function isTrailingPunct(code: number): boolean {
  // . , ; : ) ] } ' " >
  return code === 46 || code === 44 || code === 59 || code === 58 || code === 41 || code === 93 || code === 125 || code === 39 || code === 34 || code === 62;
}

function trimTrailing(text: string, start: number, end: number): number {
  while (end > start && isTrailingPunct(text.charCodeAt(end - 1))) end--;
  return end;
}

/** Digits from `p`, at most `max` of them; returns the end, or -1 when there are none or too many. */
function digits(text: string, p: number, end: number, max: number): number {
  const start = p;
  while (p < end && isDigit(text.charCodeAt(p))) p++;
  return p === start || p - start > max ? -1 : p;
}

/** IPv4 `a.b.c.d` at `p`, not followed by a further `.digit` or alnum. */
export function matchIPv4(text: string, p: number, end: number): number {
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (p >= end || text.charCodeAt(p) !== 46) return -1;
      p++;
    }
    p = digits(text, p, end, 3);
    if (p < 0) return -1;
  }
  if (p < end && isAlnum(text.charCodeAt(p))) return -1;
  if (p + 1 < end && text.charCodeAt(p) === 46 && isDigit(text.charCodeAt(p + 1))) return -1;
  return p;
}

const UUID_GROUPS = [8, 4, 4, 4, 12];

/** UUID `8-4-4-4-12` hex at `p`. */
export function matchUUID(text: string, p: number, end: number): number {
  for (let g = 0; g < UUID_GROUPS.length; g++) {
    if (g > 0) {
      if (p >= end || text.charCodeAt(p) !== 45) return -1;
      p++;
    }
    const stop = p + UUID_GROUPS[g];
    if (stop > end) return -1;
    for (; p < stop; p++) if (!isHex(text.charCodeAt(p))) return -1;
  }
  return p < end && isAlnum(text.charCodeAt(p)) ? -1 : p;
}

/** `scheme://rest` where the scheme starts at `p`; the URL runs to the end of the token. */
export function matchURL(text: string, p: number, end: number): number {
  let q = p;
  while (q < end && (charClass(text.charCodeAt(q)) & LETTER) !== 0) q++;
  if (q === p || q + 3 > end || text.charCodeAt(q) !== 58 || text.charCodeAt(q + 1) !== 47 || text.charCodeAt(q + 2) !== 47) return -1;
  const stop = trimTrailing(text, q + 3, end);
  return stop > q + 3 ? stop : -1;
}

/**
 * A path at `p`: `/a/b`, `~/a`, `./a`, `../a` or `C:\a\b`, running to the end of the token. It must hold
 * at least two separators (or start with `~`/`.`/a drive), so `/10.0.0.1:80` or `a/b` are not paths.
 */
export function matchPath(text: string, p: number, end: number): number {
  let q = p;
  const c = text.charCodeAt(p);
  let anchored = false;
  if (c === 126 || c === 46) {
    // ~/ ./ ../
    q++;
    if (c === 46 && q < end && text.charCodeAt(q) === 46) q++;
    anchored = true;
  } else if ((charClass(c) & LETTER) !== 0 && p + 2 < end && text.charCodeAt(p + 1) === 58 && text.charCodeAt(p + 2) === 92) {
    q += 2; // C:\
    anchored = true;
  }
  if (q >= end) return -1;
  const sep = text.charCodeAt(q);
  if (sep !== 47 && sep !== 92) return -1;
  if (q + 1 < end && text.charCodeAt(q + 1) === sep) return -1; // `//` is not a path
  const stop = trimTrailing(text, q, end);
  let separators = 0;
  let alnum = false;
  for (let i = q; i < stop; i++) {
    const code = text.charCodeAt(i);
    if (code === sep) separators++;
    else if (isAlnum(code)) alnum = true;
  }
  return alnum && (separators >= 2 || (anchored && separators >= 1)) ? stop : -1;
}

function isEmailLocal(code: number): boolean {
  // alnum . _ % + -
  return isAlnum(code) || code === 46 || code === 95 || code === 37 || code === 43 || code === 45;
}

/** `local@domain.tld` starting at `p`. */
export function matchEmail(text: string, p: number, end: number): number {
  let q = p;
  while (q < end && isEmailLocal(text.charCodeAt(q))) q++;
  if (q === p || q >= end || text.charCodeAt(q) !== 64) return -1;
  const domain = ++q;
  while (q < end && (isAlnum(text.charCodeAt(q)) || text.charCodeAt(q) === 45 || text.charCodeAt(q) === 46)) q++;
  while (q > domain && text.charCodeAt(q - 1) === 46) q--;
  const dot = text.lastIndexOf('.', q - 1);
  return dot > domain && dot < q - 1 ? q : -1;
}

/** End of the alnum run starting at `p`. */
export function alnumRunEnd(text: string, p: number, end: number): number {
  while (p < end && isAlnum(text.charCodeAt(p))) p++;
  return p;
}

export function isSign(code: number): boolean {
  return code === 45 || code === 43;
}

export { isAlnum, isHex };

const DATE_NAMES = [
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday',
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
];
/** Three ASCII letters, case-folded, as a 15-bit number (5 bits per letter). */
const letters3 = (s: string, i: number) => ((s.charCodeAt(i) & 31) << 10) | ((s.charCodeAt(i + 1) & 31) << 5) | (s.charCodeAt(i + 2) & 31);
/**
 * First three letters of each name (`Sept` and `Thurs` aside, abbreviations are three letters), as a
 * bitmap: one load per capitalised word instead of a Set lookup.
 */
const DATE_ABBREVIATIONS = new Uint8Array(1 << 15);
for (const n of DATE_NAMES) DATE_ABBREVIATIONS[letters3(n, 0)] = 1;
const DATE_FULL = new Set(DATE_NAMES.map((n) => n.toLowerCase()));
const ASCII_LETTER = UPPER | LOWER;

/**
 * A day or month name (`Mon`, `Jun`, `Sunday`, `JUL`) at the start of a token [p, end) that is
 * capitalised and followed by nothing but punctuation; returns the end of the name, or -1. Dates written
 * inside messages (`at Fri Jun 17 07:07:00 2005`) are variables (Loghub 2k mean GA 0.915 → 0.961).
 */
export function matchDateWord(text: string, p: number, end: number): number {
  if (end - p < 3 || end - p > 10 || (charClass(text.charCodeAt(p)) & UPPER) === 0) return -1;
  if ((charClass(text.charCodeAt(p + 1)) & ASCII_LETTER) === 0 || (charClass(text.charCodeAt(p + 2)) & ASCII_LETTER) === 0) return -1;
  if (DATE_ABBREVIATIONS[letters3(text, p)] === 0) return -1;
  let q = p;
  while (q < end && (charClass(text.charCodeAt(q)) & LETTER) !== 0) q++;
  const len = q - p;
  if (len < 3 || len > 9) return -1;
  for (let i = q; i < end; i++) if ((charClass(text.charCodeAt(i)) & (LETTER | DIGIT)) !== 0) return -1;
  return len === 3 || DATE_FULL.has(text.slice(p, q).toLowerCase()) ? q : -1;
}
