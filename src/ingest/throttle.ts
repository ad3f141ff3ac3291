/**
 * Runs a task after triggers, at most once per interval and never twice at once. The first trigger
 * after a quiet spell runs at once (an alert waits for no timer); triggers while it runs, or within
 * the interval after it started, fold into one more run when the interval is over. After a run that
 * took longer than the interval, the next waits as long as it took: the task never takes more than
 * half of the process's time, however busy it is, so it cannot starve the work that triggers it.
 */
export interface ThrottleOptions {
  intervalMs: number;
  /** A failed run is reported here; the next trigger runs again. */
  onError: (err: unknown) => void;
}

export class SerialThrottle {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private lastStart = Number.NEGATIVE_INFINITY;
  private lastEnd = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly options: ThrottleOptions,
  ) {}

  trigger(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    const next = Math.max(this.lastStart + this.options.intervalMs, this.lastEnd + (this.lastEnd - this.lastStart));
    const wait = Math.max(0, next - Date.now());
    this.timer = setTimeout(() => this.run(), wait);
    this.timer.unref();
  }

  /** Resolves when no run is scheduled or running. */
  async idle(): Promise<void> {
    while (this.timer || this.running) {
      if (this.running) await this.running;
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Run at once whatever is scheduled (again and again while runs ask for more), then take no more triggers. */
  async close(): Promise<void> {
    do {
      if (this.timer) {
        clearTimeout(this.timer);
        this.run();
      }
      await this.running;
    } while (this.timer || this.running);
    this.closed = true;
  }

  private run(): void {
    this.timer = null;
    this.lastStart = Date.now();
    this.running = this.task()
      .catch(this.options.onError)
      .finally(() => {
        this.lastEnd = Date.now();
        this.running = null;
        if (this.again) {
          this.again = false;
          this.trigger();
        }
      });
  }
}
