/**
 * Sliding time window over one service's stream: counts per template and of errors in the last
 * `spanMs`. Records should arrive in time order; eviction follows the latest timestamp seen.
 */
export interface WindowEntry {
  ts: number;
  templateId: number;
  error: boolean;
}

export class ServiceWindow {
  private readonly entries: WindowEntry[] = [];
  private head = 0;
  readonly counts = new Map<number, number>();
  errors = 0;
  private latest = -Infinity;
  private first = Infinity;

  constructor(private readonly spanMs: number) {}

  push(e: WindowEntry): void {
    this.latest = Math.max(this.latest, e.ts);
    this.first = Math.min(this.first, e.ts);
    this.entries.push(e);
    this.counts.set(e.templateId, (this.counts.get(e.templateId) ?? 0) + 1);
    if (e.error) this.errors++;
    while (this.head < this.entries.length && this.entries[this.head].ts <= this.latest - this.spanMs) {
      const old = this.entries[this.head++];
      const n = (this.counts.get(old.templateId) ?? 1) - 1;
      if (n === 0) this.counts.delete(old.templateId);
      else this.counts.set(old.templateId, n);
      if (old.error) this.errors--;
    }
    if (this.head > 4096 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  /** True while the stream is younger than the window: its window features are not yet meaningful. */
  get warmingUp(): boolean {
    return this.latest - this.first < this.spanMs;
  }
}
