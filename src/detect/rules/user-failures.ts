/**
 * user_failures: at least `threshold` failed authentications by the same user and/or source IP
 * within a sliding window (fail2ban's maxretry / findtime). Failures with none of the grouped
 * fields known cannot be attributed and are not counted.
 */
import { failureIdentity, failureMatcher } from './auth-failures.js';
import { exceedsThreshold } from './decisions.js';
import { describeScope, formatDuration } from './draft.js';
import { grouping, type Identity } from './group.js';
import type { RuleOfType } from './params.js';
import { MINUTE, type DetectRecord, type Detector, type DetectorOptions } from './types.js';
import { createWindowDetector } from './window-detector.js';

export function createUserFailuresDetector(rule: RuleOfType<'user_failures'>, opts: DetectorOptions): Detector {
  const p = rule.params;
  const matcher = failureMatcher({ patterns: p.patterns, httpStatuses: p.http_statuses });
  const group = grouping(p.group_by);
  // scopeOf runs right after keyOf on the same record: reuse its identity.
  let lastRecord: DetectRecord | null = null;
  let lastIdentity: Identity = { service: '' };
  const identityOf = (r: DetectRecord): Identity => {
    if (r !== lastRecord) {
      lastRecord = r;
      lastIdentity = failureIdentity(r);
    }
    return lastIdentity;
  };
  return createWindowDetector(
    rule,
    {
      keyOf(r) {
        if (!matcher.isFailure(r)) return null;
        const id = identityOf(r);
        return group.attributable(id) ? group.keyOf(id) : null;
      },
      scopeOf: (r) => group.scopeOf(identityOf(r)),
      holds: (total) => exceedsThreshold(total, p.threshold),
      describe: (f) => ({
        observed: f.counts.total,
        threshold: p.threshold,
        message: `${f.counts.total} failed authentications within ${formatDuration(p.window_minutes * MINUTE)} for ${describeScope(f.scope)}.`,
      }),
    },
    { windowMinutes: p.window_minutes, cooldownMinutes: p.cooldown_minutes },
    opts,
  );
}
