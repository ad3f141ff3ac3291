/**
 * Interns token keys as small integers so the hot path compares numbers, never strings.
 *
 * A token's key is its text with every masked span replaced by one private-use character per mask
 * (see MaskRegistry), so `blk_-42` keys as `blk_\uE006`. The scanner hashes a token's key straight
 * from the message without building it; `find` then verifies the candidate against the message text,
 * so no string is allocated for a token that is already known.
 */

import { charClass } from './char-scan.js';

/** Id of the whole-token wildcard `<*>` (its key is the wildcard mask character alone). */
export const WILD_ID = 0;

const FNV_OFFSET = 0x811c9dc5 | 0;

export function hashStep(h: number, code: number): number {
  // The prime as a literal: a module-level constant is reloaded and converted on every call of this
  // inlined step (Node 20's V8 does not fold module bindings), ~8% of the scan loop.
  return Math.imul(h ^ code, 0x01000193);
}

export function hashKey(key: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < key.length; i++) h = hashStep(h, key.charCodeAt(i));
  return h;
}

export const HASH_SEED = FNV_OFFSET;

/** Token flag: the token holds a masked span. The other flags are char-scan class bits. */
export const MASKED = 1 << 12;

/** The flags of a key: the OR of its characters' classes, plus MASKED when it holds a mask character. */
export function keyFlags(key: string): number {
  let flags = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    flags |= c >= 0xe000 && c < 0xe100 ? MASKED : charClass(c);
  }
  return flags;
}

/** The spans of one token in a message: literal text with masked segments (absolute positions). */
export interface TokenSpans {
  text: string;
  segStart: Int32Array;
  segEnd: Int32Array;
  segMask: Int32Array;
}

export class TokenTable {
  private readonly keys: string[] = [];
  private readonly hashes: number[] = [];
  private readonly flagList: number[] = [];
  /**
   * Every key's characters, back to back (key i is chars[charFrom[i], charFrom[i + 1])). `find` compares
   * against these rather than the key strings, which are often concatenations or slices that V8 reads
   * through an indirection on every character (HDFS-shaped lines: 1.32 → 1.30 µs per line).
   */
  private chars = new Uint16Array(4096);
  private charFrom: number[] = [0];
  /** Open addressing, linear probing; each slot holds id + 1 (0 = empty). */
  private slots = new Int32Array(1024);

  constructor(wildcardKey: string) {
    this.intern(wildcardKey);
  }

  get size(): number {
    return this.keys.length;
  }

  key(id: number): string {
    return this.keys[id];
  }

  /** Flags of an interned key (see keyFlags). */
  flags(id: number): number {
    return this.flagList[id];
  }

  /** The id of a key, adding it when new. */
  intern(key: string): number {
    const found = this.lookup(key);
    if (found >= 0) return found;
    const id = this.keys.length;
    const hash = hashKey(key);
    this.keys.push(key);
    this.hashes.push(hash);
    this.flagList.push(keyFlags(key));
    this.storeChars(key);
    if (this.keys.length * 2 > this.slots.length) this.grow();
    else this.place(id, hash);
    return id;
  }

  /** The id of a key, or -1. */
  lookup(key: string): number {
    const hash = hashKey(key);
    const mask = this.slots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const slot = this.slots[s];
      if (slot === 0) return -1;
      const id = slot - 1;
      if (this.hashes[id] === hash && this.keys[id] === key) return id;
    }
  }

  /**
   * The id of the token [start, end) of `t.text` whose masked segments are t.seg*[segFrom, segTo),
   * given the hash of its key; -1 when unknown.
   */
  find(t: TokenSpans, start: number, end: number, segFrom: number, segTo: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const slot = this.slots[s];
      if (slot === 0) return -1;
      const id = slot - 1;
      if (this.hashes[id] === hash && this.sameKey(id, t, start, end, segFrom, segTo)) return id;
    }
  }

  private sameKey(id: number, t: TokenSpans, start: number, end: number, segFrom: number, segTo: number): boolean {
    const text = t.text;
    const chars = this.chars;
    const from = this.charFrom[id];
    const to = this.charFrom[id + 1];
    if (segFrom === segTo) {
      if (to - from !== end - start) return false;
      for (let k = from, p = start; k < to; k++, p++) if (chars[k] !== text.charCodeAt(p)) return false;
      return true;
    }
    let p = start;
    let seg = segFrom;
    for (let k = from; k < to; k++) {
      if (seg < segTo && p === t.segStart[seg]) {
        if (chars[k] !== 0xe000 + t.segMask[seg]) return false;
        p = t.segEnd[seg++];
      } else {
        if (p >= end || chars[k] !== text.charCodeAt(p)) return false;
        p++;
      }
    }
    return p === end && seg === segTo;
  }

  private storeChars(key: string): void {
    const from = this.charFrom[this.charFrom.length - 1];
    if (from + key.length > this.chars.length) {
      const grown = new Uint16Array(Math.max(this.chars.length * 2, from + key.length));
      grown.set(this.chars);
      this.chars = grown;
    }
    for (let k = 0; k < key.length; k++) this.chars[from + k] = key.charCodeAt(k);
    this.charFrom.push(from + key.length);
  }

  private place(id: number, hash: number): void {
    const mask = this.slots.length - 1;
    let s = hash & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = id + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let id = 0; id < this.keys.length; id++) this.place(id, this.hashes[id]);
  }
}
