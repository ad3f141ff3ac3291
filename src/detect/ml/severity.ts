/**
 * Severity × rarity: a line is suspicious when it is both severe and of a rare template.
 * Score = severity weight of its level (ERROR and FATAL 1, WARN 0.5, lower levels 0.1) × the
 * template's rarity in training, −ln((count + 0.5) / (records + 1)) nats. Training may hold the
 * anomalies themselves (fit on all, contaminated), so the threshold is robust: median + k·MAD
 * (scaled to a standard deviation) of the scores, a cut a minority of outliers cannot move. Pure.
 */
import type { Factor, Level } from '../../domain/index.js';

export const SEVERITY_WEIGHT: Record<Level, number> = { TRACE: 0.1, DEBUG: 0.1, INFO: 0.1, WARN: 0.5, ERROR: 1, FATAL: 1 };

/** MAD → standard deviation of a normal distribution. */
const MAD_TO_SD = 1.4826;

export interface RobustCutOptions {
  /** Robust standard deviations above the median. */
  k: number;
  /**
   * Smallest scale (robust standard deviation) used, in score units: when most scores are equal
   * the MAD is 0 and the cut would sit on the median, flagging anything a hair above it.
   */
  minScale: number;
}

export const DEFAULT_ROBUST_CUT: RobustCutOptions = { k: 3, minScale: 0 };

export interface SeverityLine {
  level: Level;
  templateId: number;
}

export function templateRarity(count: number, records: number): number {
  return -Math.log((count + 0.5) / (records + 1));
}

/** Scores of lines against template counts (learned on the same or earlier lines). */
export function severityScores(lines: readonly SeverityLine[], counts: ReadonlyMap<number, number>, records: number): Float64Array {
  return Float64Array.from(lines, (l) => SEVERITY_WEIGHT[l.level] * templateRarity(counts.get(l.templateId) ?? 0, records));
}

export function countTemplates(lines: readonly SeverityLine[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const l of lines) counts.set(l.templateId, (counts.get(l.templateId) ?? 0) + 1);
  return counts;
}

/** median + k·max(1.4826·MAD, minScale) of the scores; +Infinity for no scores (nothing is flagged). */
export function robustCut(scores: ArrayLike<number>, options: Partial<RobustCutOptions> = {}): number {
  const { k, minScale } = { ...DEFAULT_ROBUST_CUT, ...options };
  if (scores.length === 0) return Infinity;
  const median = (xs: Float64Array): number => {
    const s = xs.sort();
    const h = (s.length - 1) / 2;
    return (s[Math.floor(h)] + s[Math.ceil(h)]) / 2;
  };
  const m = median(Float64Array.from(scores));
  const mad = median(Float64Array.from(scores, (x) => Math.abs(x - m)));
  return m + k * Math.max(MAD_TO_SD * mad, minScale);
}

/** Why a flagged line is suspicious: its severity, and its template's rarity when it is below the median. */
export function severityFactors(line: SeverityLine & { template: string }, seen: number, records: number): Factor[] {
  const factors: Factor[] = [];
  const weight = SEVERITY_WEIGHT[line.level];
  if (weight >= SEVERITY_WEIGHT.ERROR) {
    factors.push({ kind: 'severity', text: `The line is logged at level ${line.level}.`, weight, level: line.level });
  }
  const share = seen / Math.max(1, records);
  factors.push({
    kind: 'rare_template',
    text: `Template ${line.template} occurred ${seen} times in ${records} training records (${(share * 100).toFixed(2)}%).`,
    weight: Math.min(1, templateRarity(seen, records) / 10),
    templateId: line.templateId,
    template: line.template,
    seen,
  });
  return factors.sort((a, b) => b.weight - a.weight);
}
