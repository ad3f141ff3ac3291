/**
 * Where each line read but not yet committed ends, and its line number: a checkpoint offset (the
 * end of the last stored record) maps back to the number of lines consumed. Ends arrive in
 * ascending order, so two plain arrays and a binary search do (a Map entry per line cost more).
 */
export class LineEnds {
  private ends: number[] = [];
  private lines: number[] = [];

  add(end: number, line: number): void {
    this.ends.push(end);
    this.lines.push(line);
  }

  /** The line number of the line ending exactly at `end`, if it is held. */
  lineAt(end: number): number | undefined {
    const i = this.indexAfter(end) - 1;
    return i >= 0 && this.ends[i] === end ? this.lines[i] : undefined;
  }

  /** Forget every line ending at or before `end` (they are committed). */
  dropThrough(end: number): void {
    const n = this.indexAfter(end);
    this.ends.splice(0, n);
    this.lines.splice(0, n);
  }

  clear(): void {
    this.ends = [];
    this.lines = [];
  }

  get size(): number {
    return this.ends.length;
  }

  /** Index of the first end greater than `end`. */
  private indexAfter(end: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ends[mid]! <= end) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
