/**
 * inactivity: a service silent for at least `max_idle_minutes`.
 *
 * - On the data's own time, per service: when a record arrives after a gap of at least the limit,
 *   the gap is an alert (window = the silent stretch). Each service keeps its own clock, so
 *   services ingested one after another are never judged against each other's time.
 * - Against a clock: `flush(until)` (the latest data time in batch, the wall clock in live mode)
 *   alerts every service silent since at least the limit before `until`.
 *
 * One silence is one alert: both paths fingerprint it by service and the time its last record was
 * seen, so the silence seen by `flush` and the gap seen when the service resumes are the same alert.
 * Records older than a service's newest are ignored (they neither open nor split a gap).
 */
import type { AlertDraft } from '../../domain/index.js';
import { idleExceeded } from './decisions.js';
import { buildDraft, formatDuration } from './draft.js';
import type { RuleOfType } from './params.js';
import { MINUTE, NO_ALERTS, type DetectRecord, type Detector, type DetectorOptions } from './types.js';

interface ServiceState {
  last: number;
  lastId: number;
  /** The `last` whose silence was already reported by flush. */
  reported: number;
}

export function createInactivityDetector(rule: RuleOfType<'inactivity'>, opts: DetectorOptions): Detector {
  const maxIdleMs = rule.params.max_idle_minutes * MINUTE;
  const services = new Map<string, ServiceState>();

  function draft(service: string, s: ServiceState, end: number, evidence: number[], resumed: boolean): AlertDraft {
    const idleMs = end - s.last;
    const idleMinutes = idleMs / MINUTE;
    const message = resumed
      ? `Service ${service} was silent for ${formatDuration(idleMs)} (limit ${formatDuration(maxIdleMs)}).`
      : `Service ${service} has been silent for ${formatDuration(idleMs)} (limit ${formatDuration(maxIdleMs)}).`;
    return buildDraft({
      rule,
      scope: { service },
      windowStart: s.last,
      windowEnd: end,
      bucket: s.last,
      observed: idleMinutes,
      threshold: rule.params.max_idle_minutes,
      message,
      evidence,
      factors: [{ kind: 'silence', text: message, weight: 1, idleMinutes, maxIdleMinutes: rule.params.max_idle_minutes }],
    });
  }

  return {
    rule,
    contextMs: maxIdleMs + opts.latenessMs,
    late: 0,
    push(r: DetectRecord) {
      const s = services.get(r.service);
      if (s === undefined) {
        services.set(r.service, { last: r.ts, lastId: r.id, reported: -Infinity });
        return NO_ALERTS;
      }
      if (r.ts <= s.last) return NO_ALERTS;
      const out = idleExceeded(r.ts - s.last, maxIdleMs) && s.reported !== s.last ? [draft(r.service, s, r.ts, [s.lastId, r.id], true)] : NO_ALERTS;
      s.last = r.ts;
      s.lastId = r.id;
      return out;
    },
    flush(until: number) {
      const out: AlertDraft[] = [];
      for (const [service, s] of services) {
        if (s.reported === s.last || !idleExceeded(until - s.last, maxIdleMs)) continue;
        out.push(draft(service, s, until, [s.lastId], false));
        s.reported = s.last;
      }
      return out;
    },
  };
}
