/**
 * repeated_message: the same message (`by: message`) or the same mined template (`by: template`,
 * the text when a record has no template) at least `threshold` times within a sliding window, per
 * service. Records below `min_level` are ignored.
 */
import { levelRank } from '../../domain/index.js';
import { exceedsThreshold } from './decisions.js';
import { formatDuration } from './draft.js';
import type { RuleOfType } from './params.js';
import { MINUTE, type Detector, type DetectorOptions } from './types.js';
import { createWindowDetector } from './window-detector.js';

const LABEL_LIMIT = 200;

export function createRepeatedMessageDetector(rule: RuleOfType<'repeated_message'>, opts: DetectorOptions): Detector {
  const p = rule.params;
  const minRank = levelRank(p.min_level);
  const byTemplate = p.by === 'template';
  return createWindowDetector(
    rule,
    {
      keyOf(r) {
        if (levelRank(r.level) < minRank) return null;
        return byTemplate && r.templateId !== null ? `${r.service}\u001f#${r.templateId}` : `${r.service}\u001f${r.message}`;
      },
      scopeOf: (r) => (r.templateId !== null ? { service: r.service, templateId: r.templateId } : { service: r.service }),
      labelOf(r) {
        const text = (byTemplate && r.templateId !== null ? opts.catalog?.template(r.templateId)?.text : undefined) ?? r.message;
        return text.length > LABEL_LIMIT ? `${text.slice(0, LABEL_LIMIT - 1)}…` : text;
      },
      holds: (total) => exceedsThreshold(total, p.threshold),
      describe: (f) => ({
        observed: f.counts.total,
        threshold: p.threshold,
        message: `The same ${byTemplate ? 'kind of message' : 'message'} appeared ${f.counts.total} times within ${formatDuration(p.window_minutes * MINUTE)} in service ${f.scope.service}: "${f.label}".`,
      }),
    },
    { windowMinutes: p.window_minutes, cooldownMinutes: p.cooldown_minutes },
    opts,
  );
}
