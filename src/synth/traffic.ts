import type { Rng } from './prng.js';
import { DAY, HOUR, MINUTE, type SynthEvent } from './types.js';

const PEAK_HOUR = 15;
const NIGHT_FLOOR = 0.3;
/** Mean of the raw curve over a day, so `diurnal` averages to 1. */
const RAW_MEAN = NIGHT_FLOOR + (1 - NIGHT_FLOOR) / 2;

/**
 * Traffic multiplier by time of day (UTC): a smooth curve peaking mid-afternoon, lowest around 03:00,
 * averaging 1 over a day. Smooth on purpose: normal ramps must not look like spikes.
 */
export function diurnal(ts: number): number {
  const hour = (((ts % DAY) + DAY) % DAY) / HOUR;
  const raw = NIGHT_FLOOR + ((1 - NIGHT_FLOOR) * (1 + Math.cos((2 * Math.PI * (hour - PEAK_HOUR)) / 24))) / 2;
  return raw / RAW_MEAN;
}

/** Poisson arrivals within [from, from + span): sorted epoch-ms timestamps with mean count `perSpan`. */
export function arrivals(rng: Rng, from: number, perSpan: number, span = MINUTE): number[] {
  const count = rng.poisson(perSpan);
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(from + Math.floor(rng.next() * span));
  return times.sort((a, b) => a - b);
}

/** `count` timestamps spread evenly over [from, to) with a little jitter, sorted. */
export function spread(rng: Rng, from: number, to: number, count: number): number[] {
  const step = (to - from) / count;
  return Array.from({ length: count }, (_, i) => Math.floor(from + step * (i + rng.next() * 0.9)));
}

/** Merge a time-ordered stream with a small time-ordered list; on equal times the stream goes first. */
export function* mergeByTs(stream: Iterable<SynthEvent>, injected: readonly SynthEvent[]): Generator<SynthEvent> {
  let i = 0;
  for (const event of stream) {
    while (i < injected.length && injected[i].ts < event.ts) yield injected[i++];
    yield event;
  }
  while (i < injected.length) yield injected[i++];
}

/** Sort `events` by time and split them at `cutoff`: those before it are ready, the rest belong to a later batch. */
export function splitAt(events: SynthEvent[], cutoff: number): [ready: SynthEvent[], later: SynthEvent[]] {
  events.sort((a, b) => a.ts - b.ts);
  const index = events.findIndex((e) => e.ts >= cutoff);
  return index === -1 ? [events, []] : [events.slice(0, index), events.slice(index)];
}

/** Minute starts in [start, end). */
export function* minutes(start: number, end: number): Generator<number> {
  for (let t = start; t < end; t += MINUTE) yield t;
}

export const iso = (ts: number): string => new Date(ts).toISOString();
