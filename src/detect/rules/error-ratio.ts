/**
 * error_ratio: within a sliding window of one service, the share of ERROR-and-worse records is
 * strictly above `ratio`, over at least `min_count` records. Evidence: the error records.
 */
import { isErrorLevel } from '../../domain/index.js';
import { errorRatioExceeded } from './decisions.js';
import { formatDuration } from './draft.js';
import type { RuleOfType } from './params.js';
import { MINUTE, type Detector, type DetectorOptions } from './types.js';
import { createWindowDetector } from './window-detector.js';

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

export function createErrorRatioDetector(rule: RuleOfType<'error_ratio'>, opts: DetectorOptions): Detector {
  const p = rule.params;
  const limits = { ratio: p.ratio, minCount: p.min_count };
  return createWindowDetector(
    rule,
    {
      keyOf: (r) => r.service,
      scopeOf: (r) => ({ service: r.service }),
      flagOf: (r) => isErrorLevel(r.level),
      holds: (total, flagged) => errorRatioExceeded(total, flagged, limits),
      evidenceFlaggedOnly: true,
      describe(f) {
        const ratio = f.counts.flagged / f.counts.total;
        const text = `${percent(ratio)} of ${f.counts.total} records of service ${f.scope.service} within ${formatDuration(p.window_minutes * MINUTE)} were errors (limit ${percent(p.ratio)}).`;
        return {
          observed: ratio,
          threshold: p.ratio,
          message: text,
          factors: [{ kind: 'error_ratio', text, weight: 1, ratio, normal: p.ratio }],
        };
      },
    },
    { windowMinutes: p.window_minutes, cooldownMinutes: p.cooldown_minutes },
    opts,
  );
}
