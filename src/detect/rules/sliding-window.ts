/**
 * The records of one scope as (ts, id, flag) entries sorted by data time, with counts over
 * windows `(end − windowMs, end]`: the end is inclusive, and an entry exactly `windowMs` older
 * than the end is outside. Appending in time order is amortised O(1); an out-of-order entry is
 * inserted at its place (O(n), rare by construction: the caller bounds lateness).
 */
export class SlidingWindow {
  private ts: number[] = [];
  private ids: number[] = [];
  private flags: boolean[] = [];
  /** flaggedBefore[i]: flagged entries inserted before entry i, counted since creation. */
  private flaggedBefore: number[] = [];
  private flaggedTotal = 0;
  /** Entries before `head` were evicted and wait for compaction. */
  private head = 0;

  /** Index one past the last entry; valid indices are [start, end). */
  get end(): number {
    return this.ts.length;
  }

  get start(): number {
    return this.head;
  }

  get size(): number {
    return this.ts.length - this.head;
  }

  /** Data time of the newest entry (-Infinity when empty). */
  get newest(): number {
    return this.size > 0 ? this.ts[this.ts.length - 1]! : -Infinity;
  }

  tsAt(i: number): number {
    return this.ts[i]!;
  }

  /** Insert an entry; returns its index (after any entries with the same ts). */
  add(ts: number, id: number, flag: boolean): number {
    const n = this.ts.length;
    if (n === this.head || ts >= this.ts[n - 1]!) {
      this.ts.push(ts);
      this.ids.push(id);
      this.flags.push(flag);
      this.flaggedBefore.push(this.flaggedTotal);
      if (flag) this.flaggedTotal++;
      return n;
    }
    const at = this.upperBound(ts);
    this.ts.splice(at, 0, ts);
    this.ids.splice(at, 0, id);
    this.flags.splice(at, 0, flag);
    this.flaggedBefore.splice(at, 0, this.flaggedBefore[at]!);
    if (flag) {
      for (let i = at + 1; i <= n; i++) this.flaggedBefore[i]!++;
      this.flaggedTotal++;
    }
    return at;
  }

  /** First index whose ts is > t (`end` when none). */
  upperBound(t: number): number {
    let lo = this.head;
    let hi = this.ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ts[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose ts is >= t (`end` when none). */
  lowerBound(t: number): number {
    let lo = this.head;
    let hi = this.ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ts[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Flagged entries in [lo, hi). */
  flaggedIn(lo: number, hi: number): number {
    const n = this.ts.length;
    return (hi < n ? this.flaggedBefore[hi]! : this.flaggedTotal) - (lo < n ? this.flaggedBefore[lo]! : this.flaggedTotal);
  }

  /** Ids of the last `limit` entries in [lo, hi) (flagged ones only, if asked), oldest first. */
  idsIn(lo: number, hi: number, limit: number, flaggedOnly = false): number[] {
    const out: number[] = [];
    for (let i = hi - 1; i >= lo && out.length < limit; i--) {
      if (!flaggedOnly || this.flags[i]) out.push(this.ids[i]!);
    }
    return out.reverse();
  }

  /** Forget entries with ts <= t. Linear from the oldest: amortised O(1) per entry ever added. */
  evictThrough(t: number): void {
    const n = this.ts.length;
    let head = this.head;
    while (head < n && this.ts[head]! <= t) head++;
    this.head = head;
    // Copying only when at least half is dead keeps compaction amortised O(1) per entry.
    if (head >= 32 && head * 2 >= n) this.compact();
  }

  private compact(): void {
    this.ts = this.ts.slice(this.head);
    this.ids = this.ids.slice(this.head);
    this.flags = this.flags.slice(this.head);
    this.flaggedBefore = this.flaggedBefore.slice(this.head);
    this.head = 0;
  }
}
