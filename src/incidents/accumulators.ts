/** Streaming accumulators behind the profile builder (profile.ts). Each keeps bounded state. */
import type { RateStats, ValueCounts } from './profile.js';

export class ValueCounter {
  private total = 0;
  private overflow = false;
  private readonly values = new Map<string, number>();
  constructor(private readonly maxValues: number) {}

  add(value: string): void {
    this.total++;
    const n = this.values.get(value);
    if (n !== undefined) this.values.set(value, n + 1);
    else if (this.values.size < this.maxValues) this.values.set(value, 1);
    else this.overflow = true;
  }

  toJSON(): ValueCounts {
    return { total: this.total, values: Object.fromEntries(this.values), overflow: this.overflow };
  }
}

/** Count per window for one series, summarised over the windows where it occurred. */
export class WindowRates {
  private window = Number.NEGATIVE_INFINITY;
  private count = 0;
  /** count in a window → number of windows with that count. */
  private readonly histogram = new Map<number, number>();

  add(window: number): void {
    if (window > this.window) {
      this.flush();
      this.window = window;
    }
    this.count++;
  }

  stats(): RateStats {
    this.flush();
    const entries = [...this.histogram].sort((a, b) => a[0] - b[0]);
    const activeWindows = entries.reduce((sum, [, w]) => sum + w, 0);
    if (activeWindows === 0) return { activeWindows: 0, mean: 0, p99: 0, max: 0 };
    const occurrences = entries.reduce((sum, [c, w]) => sum + c * w, 0);
    let seen = 0;
    const p99 = entries.find(([, w]) => (seen += w) >= 0.99 * activeWindows)?.[0] ?? 0;
    return { activeWindows, mean: occurrences / activeWindows, p99, max: entries[entries.length - 1][0] };
  }

  private flush(): void {
    if (this.count > 0) this.histogram.set(this.count, (this.histogram.get(this.count) ?? 0) + 1);
    this.count = 0;
  }
}

export class TemplateAcc {
  count = 0;
  text: string | null = null;
  readonly hours: number[] = new Array<number>(24).fill(0);
  readonly rates = new WindowRates();
  /** One counter per parameter position. */
  readonly params: ValueCounter[] = [];
  constructor(readonly service: string, private readonly maxValues: number) {}

  add(hour: number, window: number, params: readonly string[], text: string | undefined): void {
    this.count++;
    this.hours[hour]++;
    this.rates.add(window);
    if (text !== undefined) this.text = text;
    params.forEach((value, i) => {
      this.params[i] ??= new ValueCounter(this.maxValues);
      this.params[i].add(value);
    });
  }
}

export class ServiceAcc {
  count = 0;
  errors = 0;
  readonly hours: number[] = new Array<number>(24).fill(0);
  private window = Number.NEGATIVE_INFINITY;
  private windowTotal = 0;
  private windowErrors = 0;
  /** Per-window error ratios in 1 % bins. */
  private readonly ratioBins: number[] = new Array<number>(101).fill(0);

  add(hour: number, window: number, error: boolean, minWindowEvents: number): void {
    this.count++;
    this.hours[hour]++;
    if (error) this.errors++;
    if (window > this.window) {
      this.flush(minWindowEvents);
      this.window = window;
    }
    this.windowTotal++;
    if (error) this.windowErrors++;
  }

  flush(minWindowEvents: number): void {
    if (this.windowTotal >= minWindowEvents) this.ratioBins[Math.round((100 * this.windowErrors) / this.windowTotal)]++;
    this.windowTotal = 0;
    this.windowErrors = 0;
  }

  ratioP95(): number {
    const windows = this.ratioBins.reduce((a, b) => a + b, 0);
    if (windows === 0) return this.count ? this.errors / this.count : 0;
    let seen = 0;
    const bin = this.ratioBins.findIndex((n) => (seen += n) >= 0.95 * windows);
    return bin / 100;
  }
}
