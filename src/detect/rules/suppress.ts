/**
 * Feedback that stops alerts before they are stored, decided per draft:
 * - an active silence on the alert's rule (name or id), template, or service drops it;
 * - an alert marked "normal" (not an anomaly) drops every later alert of the same family — the same
 *   rule and scope, e.g. "ssh-bruteforce for ip 10.0.0.9" — whatever its time window.
 * Dropped alerts are not deferred: detection moves past them.
 */
import type { AlertDraft, AlertScope } from '../../domain/index.js';
import type { Silence, SilenceTarget } from '../../store/store.js';
import { familyKey } from './fingerprint.js';

export interface Suppression {
  /** Silences active now. */
  silences: readonly Silence[];
  /** familyKey of every alert marked normal. */
  normalFamilies: ReadonlySet<string>;
}

export type SuppressDecision = { kind: 'keep' } | { kind: 'silenced'; silence: Silence } | { kind: 'normal' };

export function suppressDecision(draft: AlertDraft, s: Suppression): SuppressDecision {
  const silence = s.silences.find((x) => silenceMatches(x.target, draft));
  if (silence) return { kind: 'silenced', silence };
  if (s.normalFamilies.has(familyKey(draft.ruleName, draft.scope))) return { kind: 'normal' };
  return { kind: 'keep' };
}

export function silenceMatches(target: SilenceTarget, alert: { ruleName: string; ruleId: number | null; scope: AlertScope }): boolean {
  switch (target.kind) {
    case 'rule':
      return target.value === alert.ruleName || (alert.ruleId !== null && target.value === String(alert.ruleId));
    case 'template':
      return alert.scope.templateId !== undefined && target.value === String(alert.scope.templateId);
    case 'service':
      return alert.scope.service === target.value;
  }
}

export function normalFamilies(alerts: readonly { ruleName: string; scope: AlertScope }[]): Set<string> {
  return new Set(alerts.map((a) => familyKey(a.ruleName, a.scope)));
}
