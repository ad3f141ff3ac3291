/** A scanned line: its tokens and masked segments, in typed arrays reused from line to line. */
import { MaskRegistry } from './masks.js';
import type { TokenSpans } from './token-table.js';
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

  reset(text: string): void {
    this.jsonKey = null;
    this.text = text;
    this.count = 0;
    this.segCount = 0;
    this.segFrom[0] = 0;
    this.extras = null;
  }

  pushSegment(start: number, end: number, mask: number): void {
    if (this.segCount === this.segStart.length) {
      this.segStart = grow(this.segStart);
      this.segEnd = grow(this.segEnd);
      this.segMask = grow(this.segMask);
    }
    this.segStart[this.segCount] = start;
    this.segEnd[this.segCount] = end;
    this.segMask[this.segCount++] = mask;
  }

  /** Close token `count` spanning [start, end) with its segments pushed since the previous token. */
  pushToken(start: number, end: number, id: number, flags: number): void {
    if (this.count + 1 >= this.start.length) {
      this.flags = grow(this.flags);
      this.start = grow(this.start);
      this.end = grow(this.end);
      this.id = grow(this.id);
      this.segFrom = grow(this.segFrom);
    }
    this.start[this.count] = start;
    this.end[this.count] = end;
    this.id[this.count] = id;
    this.flags[this.count] = flags;
    this.segFrom[++this.count] = this.segCount;
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
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

