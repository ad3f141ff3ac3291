/**
 * zscore rules: per service (or per service and template), epoch-aligned tumbling windows
 * `[k·W, (k+1)·W)` of `window_minutes`. A window alerts when its count becomes a spike (z-score
 * strictly above `threshold`, count at least `min_count`) against the previous `baseline_windows`
 * windows. The alert fires as soon as the count crosses, not when the window closes.
 *
 * History: a scope needs `baseline_windows` whole windows since its first record (the catalog's
 * first-seen time when known) before it can alert: a new service is not a spike against zeros.
 * Episodes: a spike in the window right after an alerted one continues that episode silently.
 * Late records (within the lateness) count into their own window: the current one, or the
 * baseline of the next ones; they never alert for a past window.
 */
import { MAX_EVIDENCE, type AlertDraft, type AlertScope } from '../../domain/index.js';
import { buildDraft, describeScope, formatDuration, formatNumber } from '../rules/draft.js';
import type { RuleOfType } from '../rules/params.js';
import { MINUTE, NO_ALERTS, type DetectRecord, type Detector, type DetectorOptions } from '../rules/types.js';
import { baselineStats, spikeCount, zScore, type BaselineStats } from './zscore.js';

interface ScopeState {
  scope: AlertScope;
  firstWindow: number;
  window: number;
  count: number;
  newest: number;
  /** Counts of the `baseline_windows` windows before `window`, oldest first. */
  history: number[];
  baseline: BaselineStats | null;
  /** Count at which the current window alerts (Infinity without enough history). */
  needed: number;
  lastAlertWindow: number;
  evidence: number[];
}

export function createZscoreDetector(rule: RuleOfType<'zscore'>, opts: DetectorOptions): Detector {
  const p = rule.params;
  const windowMs = p.window_minutes * MINUTE;
  const B = p.baseline_windows;
  const limits = { threshold: p.threshold, minCount: p.min_count };
  const scopes = new Map<string, ScopeState>();
  let late = 0;

  function firstSeen(r: DetectRecord): number {
    const known = p.per_template ? opts.catalog?.template(r.templateId!)?.firstSeen : opts.catalog?.serviceFirstTs(r.service);
    return Math.min(known ?? r.ts, r.ts);
  }

  function open(s: ScopeState, w: number): void {
    const gap = w - s.window;
    if (gap > B) s.history.fill(0);
    else {
      for (let i = 0; i < gap; i++) {
        s.history.shift();
        s.history.push(i === 0 ? s.count : 0);
      }
    }
    s.window = w;
    s.count = 0;
    s.evidence = [];
    const ready = w - s.firstWindow >= B;
    s.baseline = ready ? baselineStats(s.history) : null;
    s.needed = s.baseline ? spikeCount(s.baseline, limits) : Infinity;
  }

  function alert(s: ScopeState): AlertDraft[] {
    const b = s.baseline!;
    const z = zScore(s.count, b);
    const normal = `${formatNumber(b.mean)} ± ${formatNumber(b.std)}`;
    const text = `${s.count} records within ${formatDuration(windowMs)} for ${describeScope(s.scope)}, against a normal of ${normal} (z = ${formatNumber(z)}, threshold ${p.threshold}).`;
    return [
      buildDraft({
        rule,
        scope: s.scope,
        windowStart: s.window * windowMs,
        windowEnd: (s.window + 1) * windowMs,
        bucket: s.window * windowMs,
        observed: s.count,
        threshold: s.needed,
        message: `Volume spike: ${text}`,
        evidence: s.evidence,
        factors: [{ kind: 'burst', text, weight: 1, observed: s.count, windowMinutes: p.window_minutes, normal: b.mean }],
      }),
    ];
  }

  return {
    rule,
    contextMs: (B + 3) * windowMs + opts.latenessMs,
    get late() {
      return late;
    },
    push(r) {
      if (p.per_template && r.templateId === null) return NO_ALERTS;
      const scope: AlertScope = p.per_template ? { service: r.service, templateId: r.templateId! } : { service: r.service };
      const key = p.per_template ? `${r.service}\u001f${r.templateId}` : r.service;
      const w = Math.floor(r.ts / windowMs);
      let s = scopes.get(key);
      if (s === undefined) {
        const firstWindow = Math.floor(firstSeen(r) / windowMs);
        s = { scope, firstWindow, window: firstWindow, count: 0, newest: r.ts, history: new Array<number>(B).fill(0), baseline: null, needed: Infinity, lastAlertWindow: -Infinity, evidence: [] };
        scopes.set(key, s);
        open(s, w);
      }
      if (r.ts < s.newest - opts.latenessMs) {
        late++;
        return NO_ALERTS;
      }
      s.newest = Math.max(s.newest, r.ts);
      if (w > s.window) open(s, w);
      else if (w < s.window) {
        const back = s.window - w;
        if (back <= B) s.history[B - back]!++;
        return NO_ALERTS;
      }
      s.count++;
      if (s.evidence.length < MAX_EVIDENCE) s.evidence.push(r.id);
      if (s.count !== s.needed) return NO_ALERTS;
      const continues = s.lastAlertWindow === w - 1;
      s.lastAlertWindow = w;
      return continues ? NO_ALERTS : alert(s);
    },
    flush() {
      return NO_ALERTS;
    },
  };
}
