/**
 * The masking verdict of a token, cached by the token's shape.
 *
 * The built-in masks (classify.ts, key-value.ts) look at a digit only as "a digit", with one exception:
 * a `0` before `x`/`X` (the `0x` of a hex number). So two tokens that differ only in their digits, where
 * neither has a `0x`-pair the other lacks, get the same masked spans: `blk_-42` and `blk_-97`, or
 * `/10.250.19.102:54106` and `/10.251.42.84:50010`… once the lengths agree. Logs repeat a few shapes with
 * varying values, so classifying a shape once replaces the classification and key hashing of every later
 * token of that shape by one comparison (BGL-shaped lines: 1.23 → 1.11 µs per line; HDFS-shaped ones,
 * whose tokens are cheap to classify, gain little).
 *
 * Not used with custom masks: a regex may look at any digit.
 *
 * A shape is the token's text with every digit read as `0`; its hash is computed by the scanner as it
 * reads the token (Scanner.scanTokens), and an entry is verified against the text before use, so a hash
 * collision only costs a comparison. Memory is fixed (~0.6 MB per miner): when an array is full the
 * cache starts over.
 */
import { isDigit } from './char-scan.js';
import type { LineScan } from './line-scan.js';

/** Every digit hashes as `0`. */
export const DIGIT_CODE = 48;

/** keyIdOf: the key holds literal digits, so it must be read from the token's text. */
export const KEY_FROM_TEXT = -2;

/** Most entries, and the longest token cached (longer ones rarely repeat a shape). */
const MAX_ENTRIES = 4096;
const MAX_TOKEN = 256;
const MAX_CHARS = MAX_ENTRIES * 32;
const MAX_SEGS = MAX_ENTRIES * 4;

export class ShapeCache {
  /** Open addressing, linear probing; each slot holds entry + 1 (0 = empty). */
  private readonly slots = new Int32Array(MAX_ENTRIES * 2);
  private readonly hash = new Int32Array(MAX_ENTRIES);
  private readonly charFrom = new Int32Array(MAX_ENTRIES + 1);
  private readonly chars = new Uint16Array(MAX_CHARS);
  private readonly segFrom = new Int32Array(MAX_ENTRIES + 1);
  private readonly segs = new Int32Array(MAX_SEGS * 3);
  private readonly keyHash = new Int32Array(MAX_ENTRIES);
  /** Key id, -1 while unknown, or KEY_FROM_TEXT. */
  private readonly keyId = new Int32Array(MAX_ENTRIES);
  private size = 0;

  /** The entry of the token [start, end) of `text` whose shape hashes to `shapeHash`, or -1. */
  find(text: string, start: number, end: number, shapeHash: number): number {
    const mask = this.slots.length - 1;
    for (let s = shapeHash & mask; ; s = (s + 1) & mask) {
      const slot = this.slots[s];
      if (slot === 0) return -1;
      const e = slot - 1;
      if (this.hash[e] === shapeHash && this.sameShape(e, text, start, end)) return e;
    }
  }

  /** Push the entry's spans onto the token being scanned at `start`; returns how many. */
  pushSpans(e: number, line: LineScan, start: number): number {
    const to = this.segFrom[e + 1] * 3;
    for (let k = this.segFrom[e] * 3; k < to; k += 3) line.pushSegment(start + this.segs[k], start + this.segs[k + 1], this.segs[k + 2]);
    return this.segFrom[e + 1] - this.segFrom[e];
  }

  /** The key id when the key follows from the shape and is known; -1 while unknown; or KEY_FROM_TEXT. */
  keyIdOf(e: number): number {
    return this.keyId[e];
  }

  keyHashOf(e: number): number {
    return this.keyHash[e];
  }

  /** The key of entry `e` (which follows from its shape) has entered the table as `id`. */
  learnId(e: number, id: number): void {
    this.keyId[e] = id;
  }

  /**
   * Remember the verdict for the token [start, end) whose spans are `line.seg*[segFrom, segTo)`.
   * `keyId` is the table id of its key (or -1).
   */
  remember(line: LineScan, start: number, end: number, shapeHash: number, segFrom: number, segTo: number, keyHash: number, keyId: number): void {
    const len = end - start;
    if (len > MAX_TOKEN) return;
    if (this.size === MAX_ENTRIES || this.charFrom[this.size] + len > MAX_CHARS || this.segFrom[this.size] + segTo - segFrom > MAX_SEGS) this.clear();
    const e = this.size++;
    const text = line.text;
    let c = this.charFrom[e];
    for (let p = start; p < end; p++) this.chars[c++] = text.charCodeAt(p);
    this.charFrom[e + 1] = c;
    let k = this.segFrom[e] * 3;
    for (let s = segFrom; s < segTo; s++) {
      this.segs[k++] = line.segStart[s] - start;
      this.segs[k++] = line.segEnd[s] - start;
      this.segs[k++] = line.segMask[s];
    }
    this.segFrom[e + 1] = this.segFrom[e] + segTo - segFrom;
    this.hash[e] = shapeHash;
    this.keyHash[e] = keyHash;
    this.keyId[e] = keyFromShape(line, start, end, segFrom, segTo) ? keyId : KEY_FROM_TEXT;
    const mask = this.slots.length - 1;
    let s = shapeHash & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = e + 1;
  }

  private clear(): void {
    this.slots.fill(0);
    this.size = 0;
  }

  /** The token has entry e's shape: the same characters, a digit for a digit, and the same `0x` pairs. */
  private sameShape(e: number, text: string, start: number, end: number): boolean {
    const from = this.charFrom[e];
    if (this.charFrom[e + 1] - from !== end - start) return false;
    const chars = this.chars;
    for (let k = 0; k < end - start; k++) {
      const a = text.charCodeAt(start + k);
      const b = chars[from + k];
      if (a !== b) {
        // Digits compared inline: an imported function costs a check per character before it is inlined.
        if (a < 48 || a > 57 || b < 48 || b > 57) return false;
      } else if ((a | 32) === 120 && k > 0 && (text.charCodeAt(start + k - 1) === 48) !== (chars[from + k - 1] === 48)) {
        return false;
      }
    }
    return true;
  }
}

/** Every digit of the token lies inside one of its masked spans, so its key does not depend on digit values. */
export function keyFromShape(line: LineScan, start: number, end: number, segFrom: number, segTo: number): boolean {
  const text = line.text;
  let p = start;
  for (let s = segFrom; s <= segTo; s++) {
    const stop = s < segTo ? line.segStart[s] : end;
    for (; p < stop; p++) if (isDigit(text.charCodeAt(p))) return false;
    if (s < segTo) p = line.segEnd[s];
  }
  return true;
}
