/** Building alert drafts: fingerprint, capped evidence, and the `rule` factor every rule alert carries. */
import { MAX_EVIDENCE, type AlertDraft, type AlertScope, type Factor } from '../../domain/index.js';
import { fingerprint } from './fingerprint.js';
import type { TypedRule } from './params.js';

export interface DraftInput {
  rule: TypedRule;
  scope: AlertScope;
  windowStart: number;
  windowEnd: number;
  /** Fingerprint bucket (see fingerprint.ts). */
  bucket: number;
  key?: string;
  observed: number;
  threshold: number;
  message: string;
  evidence: readonly number[];
  /** Type-specific factors (burst, silence, ...), most telling first. */
  factors?: Factor[];
}

export function buildDraft(input: DraftInput): AlertDraft {
  const { rule } = input;
  const extra = input.factors ?? [];
  const ruleFactor: Factor = {
    kind: 'rule',
    text: `Rule "${rule.name}" fired: observed ${formatNumber(input.observed)} against a threshold of ${formatNumber(input.threshold)}.`,
    weight: extra.length > 0 ? 0.5 : 1,
    rule: rule.name,
    threshold: input.threshold,
    observed: input.observed,
  };
  return {
    fingerprint: fingerprint({ ruleName: rule.name, scope: input.scope, bucket: input.bucket, key: input.key }),
    source: rule.type === 'zscore' ? 'zscore' : 'rule',
    ruleId: rule.id,
    ruleName: rule.name,
    severity: rule.severity,
    scope: input.scope,
    windowStart: input.windowStart,
    windowEnd: input.windowEnd,
    observed: input.observed,
    threshold: input.threshold,
    score: null,
    message: input.message,
    evidence: input.evidence.slice(0, MAX_EVIDENCE),
    factors: [...extra, ruleFactor],
  };
}

/** Integers as is, other numbers rounded to 3 decimals. */
export function formatNumber(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** A duration in words: "10 min", "1.5 min", "67 min", "2.5 h", "3.7 days" (1 decimal at most). */
export function formatDuration(ms: number): string {
  const round = (x: number) => Math.round(x * 10) / 10;
  const min = ms / 60_000;
  if (min < 120) return `${round(min)} min`;
  const hours = min / 60;
  return hours < 48 ? `${round(hours)} h` : `${round(hours / 24)} days`;
}

/** "service api, user root" — the scope in words. */
export function describeScope(scope: AlertScope): string {
  const parts: string[] = [];
  if (scope.service !== undefined) parts.push(`service ${scope.service}`);
  if (scope.host !== undefined) parts.push(`host ${scope.host}`);
  if (scope.user !== undefined) parts.push(`user ${scope.user}`);
  if (scope.ip !== undefined) parts.push(`ip ${scope.ip}`);
  if (scope.templateId !== undefined) parts.push(`template #${scope.templateId}`);
  return parts.length > 0 ? parts.join(', ') : 'all records';
}
