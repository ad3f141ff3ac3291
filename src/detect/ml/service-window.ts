/**
 * Sliding time window over one service's stream: counts per template and of errors in the last
 * `spanMs`. Records should arrive in time order; eviction follows the latest timestamp seen.
 *
 * The entries are a ring of typed arrays, not an object each: an entry lives as long as the window
 * (minutes of records), long enough to be copied by the young-generation collector and then promoted,
 * so an object per record was a steady share of the scoring worker's collections.
 */
export class ServiceWindow {
  private ts = new Float64Array(64);
  private templates = new Float64Array(64);
  private errorFlags = new Uint8Array(64);
  /** Ring position of the oldest entry; the capacity is a power of two. */
  private head = 0;
  private length = 0;
  readonly counts = new Map<number, number>();
  errors = 0;
  private latest = -Infinity;
  private first = Infinity;

  constructor(private readonly spanMs: number) {}

  push(ts: number, templateId: number, error: boolean): void {
    this.latest = Math.max(this.latest, ts);
    this.first = Math.min(this.first, ts);
    if (this.length === this.ts.length) this.grow();
    const mask = this.ts.length - 1;
    const at = (this.head + this.length) & mask;
    this.ts[at] = ts;
    this.templates[at] = templateId;
    this.errorFlags[at] = error ? 1 : 0;
    this.length++;
    this.counts.set(templateId, (this.counts.get(templateId) ?? 0) + 1);
    if (error) this.errors++;
    const cutoff = this.latest - this.spanMs;
    while (this.length > 0 && this.ts[this.head]! <= cutoff) {
      const old = this.templates[this.head]!;
      const n = (this.counts.get(old) ?? 1) - 1;
      if (n === 0) this.counts.delete(old);
      else this.counts.set(old, n);
      if (this.errorFlags[this.head] === 1) this.errors--;
      this.head = (this.head + 1) & mask;
      this.length--;
    }
  }

  get size(): number {
    return this.length;
  }

  /** True while the stream is younger than the window: its window features are not yet meaningful. */
  get warmingUp(): boolean {
    return this.latest - this.first < this.spanMs;
  }

  /** Twice the capacity, the entries moved to the front in order. */
  private grow(): void {
    const capacity = 2 * this.ts.length;
    const order = (from: Float64Array | Uint8Array, to: Float64Array | Uint8Array): void => {
      const tail = from.subarray(this.head);
      to.set(tail);
      to.set(from.subarray(0, this.head), tail.length);
    };
    const ts = new Float64Array(capacity);
    const templates = new Float64Array(capacity);
    const errorFlags = new Uint8Array(capacity);
    order(this.ts, ts);
    order(this.templates, templates);
    order(this.errorFlags, errorFlags);
    this.ts = ts;
    this.templates = templates;
    this.errorFlags = errorFlags;
    this.head = 0;
  }
}
