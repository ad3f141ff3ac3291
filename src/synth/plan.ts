import type { Rng } from './prng.js';
import { HOUR, MINUTE, type ScenarioName, type ScenarioPlan } from './types.js';

/** Where in the run (fraction of its length) and for how long each anomaly happens. */
const LAYOUT: Record<ScenarioName, { at: number; minutes: number }> = {
  volume_spike: { at: 0.15, minutes: 5 },
  brute_force: { at: 0.3, minutes: 2 },
  error_storm: { at: 0.45, minutes: 4 },
  new_error: { at: 0.6, minutes: 3 },
  service_silent: { at: 0.72, minutes: 60 },
  sequence: { at: 0.88, minutes: 10 },
};

/** Seeded jitter, as a fraction of the run; the layout keeps 0.12 between anomalies so they never overlap. */
const JITTER = 0.03;

/** The shortest run that fits every anomaly with normal traffic around it. */
export const MIN_RUN_MS = 12 * HOUR;

/**
 * Pick the time window of each anomaly: spread across the run, each once, never overlapping,
 * aligned to whole minutes. Pure: the same rng state and range give the same plan.
 */
export function planScenarios(rng: Rng, range: { start: number; end: number }): ScenarioPlan {
  const length = range.end - range.start;
  const entries = (Object.keys(LAYOUT) as ScenarioName[]).map((name) => {
    const { at, minutes } = LAYOUT[name];
    const offset = (at + (rng.next() * 2 - 1) * JITTER) * length;
    const start = range.start + Math.floor(offset / MINUTE) * MINUTE;
    return [name, { start, end: start + minutes * MINUTE }] as const;
  });
  return Object.fromEntries(entries) as ScenarioPlan;
}

/** True when `ts` falls in the anomaly's window. */
export function within(window: { start: number; end: number }, ts: number): boolean {
  return ts >= window.start && ts < window.end;
}
