import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SerialThrottle } from './throttle.js';

/** A task that takes `ms` (fake time) and records when each run started and how many ran at once. */
function slowTask(ms: number) {
  const state = { starts: [] as number[], running: 0, maxRunning: 0 };
  const task = async () => {
    state.starts.push(Date.now());
    state.running++;
    state.maxRunning = Math.max(state.maxRunning, state.running);
    await new Promise((resolve) => setTimeout(resolve, ms));
    state.running--;
  };
  return { task, state };
}

describe('SerialThrottle', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the first trigger at once', async () => {
    const { task, state } = slowTask(10);
    const throttle = new SerialThrottle(task, { intervalMs: 200, onError: () => {} });
    throttle.trigger();
    await vi.advanceTimersByTimeAsync(0);
    expect(state.starts).toEqual([1_000_000]);
  });

  it('folds triggers during a run into one more run, an interval after the first started', async () => {
    const { task, state } = slowTask(50);
    const throttle = new SerialThrottle(task, { intervalMs: 200, onError: () => {} });
    throttle.trigger();
    await vi.advanceTimersByTimeAsync(10);
    for (let i = 0; i < 5; i++) throttle.trigger();
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.starts).toEqual([1_000_000, 1_000_200]);
  });

  it('runs at most once per interval and never twice at once under constant triggers', async () => {
    const { task, state } = slowTask(60);
    const throttle = new SerialThrottle(task, { intervalMs: 100, onError: () => {} });
    for (let t = 0; t < 1000; t += 5) {
      throttle.trigger();
      await vi.advanceTimersByTimeAsync(5);
    }
    await vi.advanceTimersByTimeAsync(500);
    const gaps = state.starts.slice(1).map((s, i) => s - state.starts[i]!);
    expect(gaps.every((g) => g >= 100)).toBe(true);
    expect(state.maxRunning).toBe(1);
    expect(state.starts.length).toBeGreaterThanOrEqual(8);
  });

  it('after a run longer than the interval, waits as long as it took', async () => {
    const { task, state } = slowTask(300);
    const throttle = new SerialThrottle(task, { intervalMs: 100, onError: () => {} });
    throttle.trigger();
    await vi.advanceTimersByTimeAsync(10);
    throttle.trigger();
    await vi.advanceTimersByTimeAsync(2000);
    expect(state.starts).toEqual([1_000_000, 1_000_600]);
  });

  it('reports a failed run and runs again on the next trigger', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const throttle = new SerialThrottle(async () => {
      if (++calls === 1) throw new Error('detection broke');
    }, { intervalMs: 50, onError: (err) => errors.push(err) });
    throttle.trigger();
    await vi.advanceTimersByTimeAsync(0);
    throttle.trigger();
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('detection broke')]);
  });

  it('on close, runs what is scheduled at once and then takes no more triggers', async () => {
    const { task, state } = slowTask(10);
    const throttle = new SerialThrottle(task, { intervalMs: 10_000, onError: () => {} });
    throttle.trigger();
    await vi.advanceTimersByTimeAsync(20);
    throttle.trigger();
    const closed = throttle.close();
    await vi.advanceTimersByTimeAsync(20);
    await closed;
    expect(state.starts).toEqual([1_000_000, 1_000_020]);
    throttle.trigger();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(state.starts).toHaveLength(2);
  });
});
