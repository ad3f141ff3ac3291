/** rate_spike: at least `threshold` records of one service within a sliding window. */
import { exceedsThreshold } from './decisions.js';
import { formatDuration } from './draft.js';
import type { RuleOfType } from './params.js';
import { MINUTE, type Detector, type DetectorOptions } from './types.js';
import { createWindowDetector } from './window-detector.js';

export function createRateSpikeDetector(rule: RuleOfType<'rate_spike'>, opts: DetectorOptions): Detector {
  const p = rule.params;
  return createWindowDetector(
    rule,
    {
      keyOf: (r) => r.service,
      scopeOf: (r) => ({ service: r.service }),
      holds: (total) => exceedsThreshold(total, p.threshold),
      describe: (f) => ({
        observed: f.counts.total,
        threshold: p.threshold,
        message: `Service ${f.scope.service} logged ${f.counts.total} records within ${formatDuration(p.window_minutes * MINUTE)} (threshold ${p.threshold}).`,
      }),
    },
    { windowMinutes: p.window_minutes, cooldownMinutes: p.cooldown_minutes },
    opts,
  );
}
