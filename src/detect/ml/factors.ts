/**
 * Explanations of a record verdict from its features: each factor whose standardised feature is
 * far from training normal becomes a Factor with a sentence. Far means above `Z_FACTOR` standard
 * deviations and above the 99.9th percentile of training (`stats.tail`): log features are
 * heavy-tailed, so three standard deviations alone happen every day. Pure.
 */
import type { Factor } from '../../domain/index.js';
import { F, type FeatureStats, type LineEvent } from './features.js';
import type { NgramModel } from './ngram.js';
import { hashString, sketchEstimate } from './sketch.js';

export const Z_FACTOR = 3;

export interface FactorContext {
  event: LineEvent;
  raw: Float32Array;
  z: Float32Array;
  stats: FeatureStats;
  ngram: NgramModel | null;
  /** Previous template ids of the record's stream (most recent last). */
  history: number[];
  label: (templateId: number) => string;
}

const weightOf = (z: number): number => Math.min(1, Math.max(0, z) / 10);

export function lineFactors(c: FactorContext): Factor[] {
  const { event: e, raw, z, stats, label } = c;
  const far = (feature: number): boolean => z[feature] > Z_FACTOR && raw[feature] > stats.tail[feature];
  const factors: Factor[] = [];
  if (raw[F.newTemplate] === 1) {
    factors.push({ kind: 'new_template', text: `Template ${label(e.templateId)} never occurred in training.`, weight: 1, templateId: e.templateId, template: label(e.templateId) });
  }
  if (far(F.burst)) {
    const minutes = stats.options.windowMinutes;
    const observed = Math.round(Math.expm1(raw[F.windowCount]));
    const normal = ((stats.templateCounts.get(e.templateId) ?? 0) / stats.spanMs) * minutes * 60_000;
    factors.push({
      kind: 'burst',
      text: `Template ${label(e.templateId)} occurred ${observed} times in ${minutes} minutes; training averages ${normal.toFixed(1)}.`,
      weight: weightOf(z[F.burst]),
      observed,
      windowMinutes: minutes,
      normal,
    });
  }
  if (far(F.errorRatio)) {
    const normal = stats.mean[F.errorRatio];
    factors.push({
      kind: 'error_ratio',
      text: `${(raw[F.errorRatio] * 100).toFixed(0)}% of ${e.service}'s recent records are errors; normally ${(normal * 100).toFixed(1)}%.`,
      weight: weightOf(z[F.errorRatio]),
      ratio: raw[F.errorRatio],
      normal,
    });
  }
  if (far(F.paramRarity) && raw[F.newTemplate] === 0) {
    const rare = rarestParam(e, stats);
    if (rare) {
      factors.push({
        kind: 'rare_param',
        text: `Parameter ${rare.position + 1} of ${label(e.templateId)} is "${rare.value}", seen ${rare.seen} times in training.`,
        weight: weightOf(z[F.paramRarity]),
        field: `param${rare.position + 1}`,
        value: rare.value,
        seen: rare.seen,
      });
    }
  }
  const hourShare = stats.hourCounts[new Date(e.ts).getUTCHours()] / Math.max(1, stats.records);
  if (hourShare < 0.005) {
    const normalHours = busyHours(stats.hourCounts);
    factors.push({
      kind: 'unusual_time',
      text: `It happened at ${new Date(e.ts).getUTCHours()}:00 UTC, an hour with ${(hourShare * 100).toFixed(1)}% of training traffic (normally ${normalHours[0]}:00–${normalHours[1]}:00).`,
      weight: 0.5,
      hour: new Date(e.ts).getUTCHours(),
      normalHours,
    });
  }
  if (c.ngram && far(F.transitionSurprise)) {
    const expected = c.ngram.topNext(c.history, 3).filter((id) => id >= 0).map(label);
    factors.push({
      kind: 'sequence',
      text: `${label(e.templateId)} is unusual after ${c.history.length ? c.history.slice(-2).map(label).join(' → ') : 'the start'} (expected: ${expected.join(', ') || 'nothing known'}).`,
      weight: weightOf(z[F.transitionSurprise]),
      expected,
      actual: [label(e.templateId)],
    });
  }
  return factors.sort((a, b) => b.weight - a.weight);
}

function rarestParam(e: LineEvent, stats: FeatureStats): { position: number; value: string; seen: number } | null {
  let best: { position: number; value: string; seen: number } | null = null;
  e.params.forEach((value, position) => {
    const key = hashString(value, hashString(`${e.templateId}:${position}`));
    const seen = sketchEstimate(stats.params, key);
    if (!best || seen < best.seen) best = { position, value, seen };
  });
  return best;
}

/** The shortest circular range of hours holding 95% of training records, as [first, last]. */
export function busyHours(hourCounts: number[]): [number, number] {
  const total = hourCounts.reduce((a, b) => a + b, 0);
  if (total === 0) return [0, 23];
  let best: [number, number] = [0, 23];
  let bestLength = 24;
  for (let start = 0; start < 24; start++) {
    let sum = 0;
    for (let length = 1; length <= 24; length++) {
      sum += hourCounts[(start + length - 1) % 24];
      if (sum >= 0.95 * total) {
        if (length < bestLength) {
          bestLength = length;
          best = [start, (start + length - 1) % 24];
        }
        break;
      }
    }
  }
  return best;
}
