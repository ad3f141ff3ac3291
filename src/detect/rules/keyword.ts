/**
 * keyword: at least `threshold` messages matching a keyword (or regex, case-insensitive unless
 * `case_sensitive`) within a sliding window, per combination of the `group_by` fields.
 */
import { exceedsThreshold } from './decisions.js';
import { describeScope, formatDuration } from './draft.js';
import { grouping } from './group.js';
import type { KeywordParams, RuleOfType } from './params.js';
import { MINUTE, type Detector, type DetectorOptions } from './types.js';
import { createWindowDetector } from './window-detector.js';

/** Compile the pattern once: the returned test runs on every record. */
export function keywordMatcher(p: Pick<KeywordParams, 'pattern' | 'regex' | 'case_sensitive'>): (message: string) => boolean {
  const source = p.regex ? p.pattern : escapeRegex(p.pattern);
  const re = new RegExp(source, p.case_sensitive ? '' : 'i');
  return (message) => re.test(message);
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function createKeywordDetector(rule: RuleOfType<'keyword'>, opts: DetectorOptions): Detector {
  const p = rule.params;
  const matches = keywordMatcher(p);
  const group = grouping(p.group_by);
  const what = p.regex ? `/${p.pattern}/` : `"${p.pattern}"`;
  return createWindowDetector(
    rule,
    {
      keyOf: (r) => (matches(r.message) ? group.keyOf(r) : null),
      scopeOf: (r) => group.scopeOf(r),
      holds: (total) => exceedsThreshold(total, p.threshold),
      describe: (f) => ({
        observed: f.counts.total,
        threshold: p.threshold,
        message: `${f.counts.total} message${f.counts.total === 1 ? '' : 's'} matching ${what} within ${formatDuration(p.window_minutes * MINUTE)} (${describeScope(f.scope)}).`,
      }),
    },
    { windowMinutes: p.window_minutes, cooldownMinutes: p.cooldown_minutes },
    opts,
  );
}
