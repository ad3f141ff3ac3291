/** A scanned line: its tokens and masked segments, in typed arrays reused from line to line. */
import { MaskRegistry } from './masks.js';
import { HASH_SEED, hashStep, type TokenSpans } from './token-table.js';
import type { Param } from './types.js';

export class LineScan implements TokenSpans {
  text = '';
  /** Tokens in the line. */
  count = 0;
  start = new Int32Array(64);
  end = new Int32Array(64);
  /** Interned key id of each token, or -1 when the key is not in the table. */
  id = new Int32Array(64);
  /** Character-class bits of each token, plus MASKED. */
  flags = new Int32Array(64);
  /** Masked segments of token i are seg*[segFrom[i], segFrom[i + 1]). */
  segFrom = new Int32Array(65);
  segStart = new Int32Array(128);
  segEnd = new Int32Array(128);
  segMask = new Int32Array(128);
  segCount = 0;
  /** Params that do not come from token segments (JSON leaf values). */
  extras: Param[] | null = null;
  /** Key of token 0 when the line is a JSON object (its key is not a function of its text). */
  jsonKey: string | null = null;
  /**
   * Id of the line's shape when its tokens were copied from the line cache with every key following from
   * the shape (so every line with this id has the same token ids); -1 otherwise. Never reused.
   */
  shapeId = -1;

  reset(text: string): void {
    this.shapeId = -1;
    this.jsonKey = null;
    this.text = text;
    this.count = 0;
    this.segCount = 0;
    this.segFrom[0] = 0;
    this.extras = null;
  }

  pushSegment(start: number, end: number, mask: number): void {
    if (this.segCount === this.segStart.length) this.growSegments();
    this.segStart[this.segCount] = start;
    this.segEnd[this.segCount] = end;
    this.segMask[this.segCount++] = mask;
  }

  /** Room for `tokens` tokens and `segments` segments (for a scan copied in whole, see line-cache.ts). */
  reserve(tokens: number, segments: number): void {
    while (tokens + 1 >= this.start.length) this.growTokens();
    while (segments > this.segStart.length) this.growSegments();
  }

  /** Close token `count` spanning [start, end) with its segments pushed since the previous token. */
  pushToken(start: number, end: number, id: number, flags: number): void {
    if (this.count + 1 >= this.start.length) this.growTokens();
    this.start[this.count] = start;
    this.end[this.count] = end;
    this.id[this.count] = id;
    this.flags[this.count] = flags;
    this.segFrom[++this.count] = this.segCount;
  }

  /** The hash of the key of the token [start, end) whose segments are seg*[from, to), read from the text. */
  keyHash(start: number, end: number, from: number, to: number): number {
    const text = this.text;
    let hash = HASH_SEED;
    let p = start;
    for (let s = from; s < to; s++) {
      for (const stop = this.segStart[s]; p < stop; p++) hash = hashStep(hash, text.charCodeAt(p));
      hash = hashStep(hash, MaskRegistry.BASE + this.segMask[s]);
      p = this.segEnd[s];
    }
    for (; p < end; p++) hash = hashStep(hash, text.charCodeAt(p));
    return hash;
  }

  /** The key of token i, built from the text (used when a token enters a template). */
  keyOf(i: number): string {
    if (this.jsonKey !== null && i === 0) return this.jsonKey;
    let key = '';
    let p = this.start[i];
    for (let s = this.segFrom[i]; s < this.segFrom[i + 1]; s++) {
      key += this.text.slice(p, this.segStart[s]) + String.fromCharCode(MaskRegistry.BASE + this.segMask[s]);
      p = this.segEnd[s];
    }
    return key + this.text.slice(p, this.end[i]);
  }

  private growTokens(): void {
    this.flags = grow(this.flags);
    this.start = grow(this.start);
    this.end = grow(this.end);
    this.id = grow(this.id);
    this.segFrom = grow(this.segFrom);
  }

  private growSegments(): void {
    this.segStart = grow(this.segStart);
    this.segEnd = grow(this.segEnd);
    this.segMask = grow(this.segMask);
  }
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

