/**
 * The whole scan of a line, cached by the line's shape.
 *
 * shape-cache.ts explains why two tokens of the same shape (digits read as `0`, `0x` pairs kept) get the
 * same masked spans. Token boundaries, quotes, dates and the `maxTokens` cut depend on non-digit
 * characters only, so two lines of the same shape scan alike: same tokens, spans and flags, and the same
 * keys wherever every digit lies in a masked span. Logs repeat a few line shapes with varying values
 * (Loghub 2k: 78% of BGL lines repeat an earlier line's shape, 87-99% elsewhere; HDFS_20000 99%), so a
 * line of a known shape is copied in whole instead of being tokenized, classified and looked up token by
 * token.
 *
 * Reading a string one `charCodeAt` at a time costs ~2 ns per character here, so the line is read once,
 * natively (TextEncoder.encodeInto), and its shape is computed, hashed and compared four characters at a
 * time. Lines that are not pure ASCII are not cached (their UTF-8 bytes are not their characters).
 *
 * A token whose key holds a literal digit (`subdir26`) is looked up from the text on every hit; a key that
 * was not yet in the token table when cached is looked up on each hit until it is found.
 *
 * Not used with custom masks (a regex may read any digit), for multi-line messages or JSON objects
 * (the scanner handles those first). Memory grows with the shapes seen (1M HDFS-shaped lines: 0.13 MB;
 * BGL-shaped: 1.4 MB); past a bound the cache starts over.
 */
import { DIGIT } from './char-scan.js';
import type { LineScan } from './line-scan.js';
import { KEY_FROM_TEXT, keyFromShape } from './shape-cache.js';

/** lookup: the line cannot be cached (too long, or not ASCII). */
export const UNCACHED = -2;

/** Most entries, and the longest line cached. */
const MAX_ENTRIES = 4096;
const MAX_LINE = 1024;
/**
 * Lookups per window. A window with fewer than a third hits (a log whose shapes rarely repeat) is followed
 * by seven windows without the cache: a miss costs more than it would have saved (~0.4 µs per line).
 */
const WINDOW = 1024;
const REST = 7 * WINDOW;
/** Bound on the data of all entries together: shape words, `0x` pairs, token and span records. */
const MAX_DATA = MAX_ENTRIES * 64;

/** Fields of an entry record. */
const HASH = 0;
const LENGTH = 1;
const WORD_AT = 2;
const ZERO_X_AT = 3;
const ZERO_X_COUNT = 4;
const TOKEN_AT = 5;
const TOKEN_COUNT = 6;
const SEG_AT = 7;
const SEG_COUNT = 8;
/** Tokens whose id must be looked up on a hit. */
const UNRESOLVED = 9;
const ENTRY = 10;

/** Fields of a token record; its key id is -1 while unknown, or KEY_FROM_TEXT. */
const T_START = 0;
const T_END = 1;
const T_ID = 2;
const T_KEY_HASH = 3;
const T_FLAGS = 4;
const T_SEG_FROM = 5;
const TOKEN = 6;

/** Fields of a span record. */
const SEG = 3;

const ENCODER = new TextEncoder();

export class LineCache {
  /** The line being looked up, as bytes and, in place, as shape words (four characters each). */
  private readonly bytes: Uint8Array;
  private readonly words: Int32Array;
  private lastHash = 0;
  /** Open addressing, linear probing; each slot holds entry + 1 (0 = empty). */
  private slots = new Int32Array(128);
  private entries = new Int32Array(64 * ENTRY);
  /** Shape id of each entry (see LineScan.shapeId): a count of entries ever made, so never reused. */
  private shapeIds = new Float64Array(64);
  private made = 0;
  private size = 0;
  /** Lookups and hits in the current window, and lines left to go uncached. */
  private looked = 0;
  private hits = 0;
  private resting = 0;
  /** Shape words of the entries (see shapeWords). */
  private shape = new Int32Array(2048);
  /** Digits followed by `x` or `X`: position * 2, + 1 when the digit is `0`. */
  private zeroX = new Int32Array(64);
  private tokens = new Int32Array(512 * TOKEN);
  private segs = new Int32Array(256 * SEG);
  private shapeUsed = 0;
  private zeroXUsed = 0;
  private tokensUsed = 0;
  private segsUsed = 0;

  constructor() {
    const buffer = new ArrayBuffer(MAX_LINE * 3 + 4);
    this.bytes = new Uint8Array(buffer);
    this.words = new Int32Array(buffer);
  }

  /** The entry for the line `text`; -1 when its shape is new (then `remember` may follow), or UNCACHED. */
  lookup(text: string): number {
    if (this.resting > 0) {
      this.resting--;
      return UNCACHED;
    }
    if (++this.looked === WINDOW) {
      if (this.hits * 3 < WINDOW) this.resting = REST;
      this.looked = this.hits = 0;
    }
    const n = text.length;
    if (n > MAX_LINE || ENCODER.encodeInto(text, this.bytes).written !== n) return UNCACHED;
    const h = this.shapeWords(n);
    this.lastHash = h;
    const slots = this.slots;
    const entries = this.entries;
    const mask = slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const slot = slots[s];
      if (slot === 0) return -1;
      const at = (slot - 1) * ENTRY;
      if (entries[at + HASH] === h && entries[at + LENGTH] === n && this.sameShape(at, text)) {
        this.hits++;
        return slot - 1;
      }
    }
  }

  /**
   * Fill `line` (reset to the entry's text) with entry e's scan; returns how many token ids need a look-up
   * (when none, the line gets the entry's shape id).
   */
  restore(e: number, line: LineScan): number {
    const entries = this.entries;
    const at = e * ENTRY;
    const count = entries[at + TOKEN_COUNT];
    const segCount = entries[at + SEG_COUNT];
    line.reserve(count, segCount);
    const { start, end, id, flags, segFrom } = line;
    const tokens = this.tokens;
    for (let i = 0, t = entries[at + TOKEN_AT]; i < count; i++, t += TOKEN) {
      start[i] = tokens[t + T_START];
      end[i] = tokens[t + T_END];
      id[i] = tokens[t + T_ID];
      flags[i] = tokens[t + T_FLAGS];
      segFrom[i] = tokens[t + T_SEG_FROM];
    }
    segFrom[count] = segCount;
    const { segStart, segEnd, segMask } = line;
    const segs = this.segs;
    for (let s = 0, k = entries[at + SEG_AT]; s < segCount; s++, k += SEG) {
      segStart[s] = segs[k];
      segEnd[s] = segs[k + 1];
      segMask[s] = segs[k + 2];
    }
    line.count = count;
    line.segCount = segCount;
    const unresolved = entries[at + UNRESOLVED];
    if (unresolved === 0) line.shapeId = this.shapeIds[e];
    return unresolved;
  }

  /** Of entry e's token i: its key id (see the token record), and its key hash. */
  idOf(e: number, i: number): number {
    return this.tokens[this.entries[e * ENTRY + TOKEN_AT] + i * TOKEN + T_ID];
  }

  keyHashOf(e: number, i: number): number {
    return this.tokens[this.entries[e * ENTRY + TOKEN_AT] + i * TOKEN + T_KEY_HASH];
  }

  /** The key of entry e's token i has entered the table as `id`. */
  learnId(e: number, i: number, id: number): void {
    this.tokens[this.entries[e * ENTRY + TOKEN_AT] + i * TOKEN + T_ID] = id;
    this.entries[e * ENTRY + UNRESOLVED]--;
  }

  /** Remember the scan of `line`, whose lookup has just returned -1. */
  remember(line: LineScan): void {
    const text = line.text;
    const len = text.length;
    const wordCount = (len + 3) >> 2;
    const zeroXs = this.zeroXPairs(text, null, 0);
    const data = wordCount + zeroXs + line.count * TOKEN + line.segCount * SEG;
    if (data > MAX_DATA) return;
    if (this.size === MAX_ENTRIES || this.shapeUsed + this.zeroXUsed + this.tokensUsed + this.segsUsed + data > MAX_DATA) this.clear();
    this.reserve(wordCount, zeroXs, line.count * TOKEN, line.segCount * SEG);
    const e = this.size++;
    const at = e * ENTRY;
    const entries = this.entries;
    entries[at + HASH] = this.lastHash;
    entries[at + LENGTH] = len;
    entries[at + WORD_AT] = this.shapeUsed;
    this.shape.set(this.words.subarray(0, wordCount), this.shapeUsed);
    this.shapeUsed += wordCount;
    entries[at + ZERO_X_AT] = this.zeroXUsed;
    entries[at + ZERO_X_COUNT] = zeroXs;
    if (zeroXs > 0) this.zeroXPairs(text, this.zeroX, this.zeroXUsed);
    this.zeroXUsed += zeroXs;
    entries[at + TOKEN_AT] = this.tokensUsed;
    entries[at + TOKEN_COUNT] = line.count;
    entries[at + UNRESOLVED] = this.storeTokens(line);
    entries[at + SEG_AT] = this.segsUsed;
    entries[at + SEG_COUNT] = line.segCount;
    const segs = this.segs;
    let k = this.segsUsed;
    for (let s = 0; s < line.segCount; s++, k += SEG) {
      segs[k] = line.segStart[s];
      segs[k + 1] = line.segEnd[s];
      segs[k + 2] = line.segMask[s];
    }
    this.segsUsed = k;
    this.shapeIds[e] = this.made++;
    this.place(e);
  }

  /** Append the token records of `line`; returns how many ids must be looked up on a hit. */
  private storeTokens(line: LineScan): number {
    const tokens = this.tokens;
    let t = this.tokensUsed;
    let unresolved = 0;
    for (let i = 0; i < line.count; i++, t += TOKEN) {
      const start = line.start[i];
      const end = line.end[i];
      const flags = line.flags[i];
      const from = line.segFrom[i];
      const to = line.segFrom[i + 1];
      // A key follows from the shape when the token has no digit, or all its digits are masked.
      const id = (flags & DIGIT) === 0 || keyFromShape(line, start, end, from, to) ? line.id[i] : KEY_FROM_TEXT;
      if (id < 0) unresolved++;
      tokens[t + T_START] = start;
      tokens[t + T_END] = end;
      tokens[t + T_ID] = id;
      tokens[t + T_KEY_HASH] = id === -1 ? line.keyHash(start, end, from, to) : 0;
      tokens[t + T_FLAGS] = flags;
      tokens[t + T_SEG_FROM] = from;
    }
    this.tokensUsed = t;
    return unresolved;
  }

  private place(e: number): void {
    const mask = this.slots.length - 1;
    let s = this.entries[e * ENTRY + HASH] & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = e + 1;
  }

  private clear(): void {
    this.slots.fill(0);
    this.size = this.shapeUsed = this.zeroXUsed = this.tokensUsed = this.segsUsed = 0;
  }

  /** Grow the arrays (doubling) to take one more entry with this much data. */
  private reserve(words: number, zeroXs: number, tokens: number, segs: number): void {
    this.shape = room(this.shape, this.shapeUsed + words);
    this.zeroX = room(this.zeroX, this.zeroXUsed + zeroXs);
    this.tokens = room(this.tokens, this.tokensUsed + tokens);
    this.segs = room(this.segs, this.segsUsed + segs);
    if (this.shapeIds.length > this.size) return;
    this.entries = room(this.entries, (this.size + 1) * ENTRY);
    const ids = new Float64Array(this.shapeIds.length * 2);
    ids.set(this.shapeIds);
    this.shapeIds = ids;
    this.slots = new Int32Array(this.slots.length * 2);
    for (let e = 0; e < this.size; e++) this.place(e);
  }

  /** `0x`-like pairs (a digit, then `x` or `X`) in the line; with `into`, their pairs go there from `at`. */
  private zeroXPairs(text: string, into: Int32Array | null, at: number): number {
    let count = 0;
    // A native search for the rare `x`, rather than a look at every character.
    for (let x = 0; x < 2; x++) {
      const letter = x === 0 ? 'x' : 'X';
      for (let p = text.indexOf(letter, 1); p > 0; p = text.indexOf(letter, p + 1)) {
        if (this.bytes[p - 1] !== 48) continue;
        if (into) into[at + count] = (p - 1) * 2 + (text.charCodeAt(p - 1) === 48 ? 1 : 0);
        count++;
      }
    }
    return count;
  }

  /**
   * Turn the line's `n` ASCII bytes into shape words in place (every digit byte becomes `0`, four bytes at a
   * time) and return their hash.
   */
  private shapeWords(n: number): number {
    const bytes = this.bytes;
    bytes[n] = bytes[n + 1] = bytes[n + 2] = 0;
    const words = this.words;
    let h = n;
    for (let i = 0, count = (n + 3) >> 2; i < count; i++) {
      const w = words[i];
      // Per byte b (< 0x80): b ^ 0x30 is below 10 exactly for a digit, and then + 0x76 stays below 0x80.
      const notDigit = ((w ^ 0x30303030) + 0x76767676) & 0x80808080;
      const digit = Math.imul((~notDigit & 0x80808080) >>> 7, 0xff);
      const v = (w & ~digit) | (0x30303030 & digit);
      words[i] = v;
      h = Math.imul(h ^ v, 0x9e3779b1);
    }
    // Multiplying only carries upwards: fold the high bits into the low ones, which pick the slot.
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    return h ^ (h >>> 13);
  }

  /** The line (whose shape words are current) has the shape of the entry at `at`, `0x` pairs included. */
  private sameShape(at: number, text: string): boolean {
    const entries = this.entries;
    for (let z = entries[at + ZERO_X_AT], end = z + entries[at + ZERO_X_COUNT]; z < end; z++) {
      const pair = this.zeroX[z];
      if ((text.charCodeAt(pair >> 1) === 48) !== ((pair & 1) === 1)) return false;
    }
    const words = this.words;
    const shape = this.shape;
    const from = entries[at + WORD_AT];
    for (let i = 0, count = (entries[at + LENGTH] + 3) >> 2; i < count; i++) if (words[i] !== shape[from + i]) return false;
    return true;
  }
}

/** `a`, or a copy at least twice as long, holding `length` values. */
function room(a: Int32Array<ArrayBuffer>, length: number): Int32Array<ArrayBuffer> {
  if (length <= a.length) return a;
  const b = new Int32Array(Math.max(length, a.length * 2));
  b.set(a);
  return b;
}
