/**
 * new_template: a template never seen before in its service appears.
 *
 * A record is its template's first occurrence when it is the first record of the template this
 * detector sees and, if the catalog knows the template, its time is not after the template's
 * `firstSeen` (so replays and incremental runs agree on which record was first). Templates first
 * seen within `warmup_minutes` of their service's first record are the service's vocabulary, not
 * news; templates marked normal and records below `min_level` never fire. One alert per template.
 */
import { levelRank } from '../../domain/index.js';
import { buildDraft } from './draft.js';
import type { RuleOfType } from './params.js';
import { MINUTE, NO_ALERTS, type DetectRecord, type Detector, type DetectorOptions } from './types.js';

export function createNewTemplateDetector(rule: RuleOfType<'new_template'>, opts: DetectorOptions): Detector {
  const warmupMs = rule.params.warmup_minutes * MINUTE;
  const minRank = levelRank(rule.params.min_level);
  const { catalog } = opts;
  /** Templates whose first occurrence was judged (alerted or not). */
  const decided = new Set<number>();
  const serviceStart = new Map<string, number>();

  function startOf(r: DetectRecord): number {
    let start = serviceStart.get(r.service);
    if (start === undefined) {
      start = Math.min(catalog?.serviceFirstTs(r.service) ?? r.ts, r.ts);
      serviceStart.set(r.service, start);
    } else if (r.ts < start) {
      start = r.ts;
      serviceStart.set(r.service, start);
    }
    return start;
  }

  return {
    rule,
    contextMs: opts.latenessMs,
    late: 0,
    push(r) {
      const start = startOf(r);
      const id = r.templateId;
      if (id === null || decided.has(id)) return NO_ALERTS;
      const info = catalog?.template(id);
      // A later occurrence: the first one was before this stream, or is still to come (late).
      if (info !== undefined && r.ts > info.firstSeen) return NO_ALERTS;
      decided.add(id);
      if (info?.normal || levelRank(r.level) < minRank || r.ts - start < warmupMs) return NO_ALERTS;
      const template = info?.text ?? r.message;
      const text = `New kind of message in service ${r.service}: "${template}".`;
      return [
        buildDraft({
          rule,
          scope: { service: r.service, templateId: id },
          windowStart: r.ts,
          windowEnd: r.ts,
          bucket: 0,
          observed: 1,
          threshold: 1,
          message: text,
          evidence: [r.id],
          factors: [{ kind: 'new_template', text, weight: 1, templateId: id, template }],
        }),
      ];
    },
    flush() {
      return NO_ALERTS;
    },
  };
}
