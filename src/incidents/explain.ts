/**
 * Explanations: why a line (or an alert) is anomalous, against a learned Profile. Pure.
 * Each factor is machine-readable (src/domain/factor.ts) with a sentence and a weight in 0–1;
 * `explain` returns them heaviest first.
 */
import type { Factor, FactorKind } from '../domain/index.js';
import { inHourRange } from './hours.js';
import { fieldValues, type Profile, type TemplateProfile, type ValueCounts } from './profile.js';
import { formatHour, hourOfDay, MINUTE } from './time.js';

/** What is known about the line being explained. Everything beyond the record itself is optional. */
export interface ExplainInput {
  ts: number;
  service: string;
  templateId: number | null;
  params?: readonly string[];
  user?: string;
  attrs?: Readonly<Record<string, unknown>>;
  /** Current template texts (the store's may have generalised since training); the profile's are the fallback. */
  texts?: ReadonlyMap<number, string>;
  /** The user marked the template normal: it is never new, and its parameters never rare. */
  normalTemplate?: boolean;
  /** Occurrences of this template in the current window of `profile.windowMs`. */
  windowCount?: number;
  /** Template of the previous line of the same service. */
  previousTemplateId?: number | null;
  /** Lines and error lines of this service in the current window. */
  serviceWindow?: { total: number; errors: number };
  /** For rule alerts: what fired. */
  rule?: { name: string; threshold: number; observed: number };
}

export interface ExplainOptions {
  /** Training occurrences needed before a value or transition can be called rare. */
  minSupport: number;
  /** A burst is at least this many times the normal per-window count… */
  burstFactor: number;
  /** …and at least this many occurrences. */
  minBurst: number;
  /** Values seen in less than this share of training occurrences are rare. */
  rareRatio: number;
  /** Transitions taken less than this share of the time are unexpected. */
  rareTransition: number;
  /** High error ratio: at least `errorRatioFactor` × normal, and `errorRatioMargin` above it. */
  errorRatioFactor: number;
  errorRatioMargin: number;
  /** Lines needed in the service window before its error ratio means anything. */
  minWindowEvents: number;
  /** At most this many rare-value factors per line. */
  maxRare: number;
}

export const DEFAULT_EXPLAIN: ExplainOptions = {
  minSupport: 30,
  burstFactor: 3,
  minBurst: 10,
  rareRatio: 0.001,
  rareTransition: 0.01,
  errorRatioFactor: 2,
  errorRatioMargin: 0.05,
  minWindowEvents: 10,
  maxRare: 3,
};

export const FACTOR_LABELS: Record<FactorKind, string> = {
  new_template: 'NEW TEMPLATE',
  unusual_time: 'UNUSUAL TIME',
  burst: 'BURST',
  sequence: 'SEQUENCE ANOMALY',
  rare_param: 'RARE PARAMETER VALUE',
  error_ratio: 'HIGH ERROR RATIO',
  rule: 'RULE',
  silence: 'SILENCE',
  severity: 'SEVERE LEVEL',
  rare_template: 'RARE TEMPLATE',
};

const KIND_ORDER = Object.keys(FACTOR_LABELS) as FactorKind[];

/** Every factor that applies, heaviest first (ties in FACTOR_LABELS order). */
export function explain(input: ExplainInput, profile: Profile, opts: ExplainOptions = DEFAULT_EXPLAIN): Factor[] {
  const factors = [
    input.rule ? ruleFactor(input.rule) : null,
    newTemplateFactor(input, profile),
    unusualTimeFactor(input, profile),
    burstFactor(input, profile, opts),
    sequenceFactor(input, profile, opts),
    ...rareValueFactors(input, profile, opts),
    errorRatioFactor(input, profile, opts),
  ].filter((f): f is Factor => f !== null);
  return factors.sort((a, b) => b.weight - a.weight || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

export function ruleFactor(rule: NonNullable<ExplainInput['rule']>): Factor {
  const text = `rule "${rule.name}" observed ${num(rule.observed)} against its threshold of ${num(rule.threshold)}`;
  return { kind: 'rule', text, weight: 1, rule: rule.name, threshold: rule.threshold, observed: rule.observed };
}

export function newTemplateFactor(input: ExplainInput, profile: Profile): Factor | null {
  if (input.templateId === null || input.normalTemplate || profile.templates[input.templateId]) return null;
  const template = textOf(input.templateId, input, profile);
  return { kind: 'new_template', text: 'never seen in training data', weight: 0.9, templateId: input.templateId, template };
}

export function unusualTimeFactor(input: ExplainInput, profile: Profile): Factor | null {
  const known = input.templateId === null ? undefined : profile.templates[input.templateId];
  const basis = known ? { hours: known.hours, whose: "this template's" } : serviceHours(input, profile);
  if (!basis?.hours.normal) return null;
  const hour = hourOfDay(input.ts, profile.utcOffsetMinutes);
  const [start, end] = basis.hours.normal;
  if (inHourRange(hour, basis.hours.normal)) return null;
  const text = `${formatHour(hour)} is outside ${basis.whose} normal hours (${formatHour(start)}–${formatHour(end)})`;
  const weight = basis.hours.hours[hour] === 0 ? 0.8 : 0.6;
  return { kind: 'unusual_time', text, weight, hour, normalHours: [start, end] };
}

function serviceHours(input: ExplainInput, profile: Profile): { hours: TemplateProfile['hours']; whose: string } | undefined {
  const service = profile.services[input.service];
  return service && { hours: service.hours, whose: `${input.service}'s` };
}

export function burstFactor(input: ExplainInput, profile: Profile, opts: ExplainOptions = DEFAULT_EXPLAIN): Factor | null {
  const observed = input.windowCount;
  if (observed === undefined || input.templateId === null) return null;
  const known = profile.templates[input.templateId];
  /** Training windows had fewer than `normal` occurrences (99th percentile + 1). */
  const normal = Math.floor(known ? known.rate.p99 : profile.typicalRate) + 1;
  if (observed < Math.max(opts.minBurst, opts.burstFactor * normal)) return null;
  const windowMinutes = profile.windowMs / MINUTE;
  const text = `${num(observed)} occurrences in ${num(windowMinutes)} min (normal < ${num(normal)})`;
  const weight = Math.min(1, 0.5 + 0.1 * Math.log2(observed / normal));
  return { kind: 'burst', text, weight, observed, windowMinutes, normal };
}

export function sequenceFactor(input: ExplainInput, profile: Profile, opts: ExplainOptions = DEFAULT_EXPLAIN): Factor | null {
  const prev = input.previousTemplateId;
  if (prev === undefined || prev === null || input.templateId === null) return null;
  const seen = profile.transitions[prev];
  if (!seen || seen.total < opts.minSupport) return null;
  const taken = seen.next[input.templateId] ?? 0;
  if (taken / seen.total >= opts.rareTransition) return null;
  const [likely, likelyCount] = Object.entries(seen.next).sort((a, b) => b[1] - a[1])[0] ?? [];
  if (likely === undefined || likelyCount === undefined) return null;
  const [prevText, actualText, expectedText] = [prev, input.templateId, Number(likely)].map((id) => textOf(id, input, profile));
  const how = taken === 0 ? 'never seen' : `seen ${pct(taken / seen.total)} of the time`;
  const text = `after "${prevText}" expected "${expectedText}" (${pct(likelyCount / seen.total)}), got "${actualText}" (${how})`;
  return { kind: 'sequence', text, weight: taken === 0 ? 0.7 : 0.55, expected: [prevText, expectedText], actual: [prevText, actualText] };
}

/** Rare template parameters (unless the template is marked normal) and rare field values (user, ip, status…). */
export function rareValueFactors(input: ExplainInput, profile: Profile, opts: ExplainOptions = DEFAULT_EXPLAIN): Factor[] {
  const candidates: { field: string; value: string; counts: ValueCounts | undefined }[] = [];
  const template = input.templateId === null ? undefined : profile.templates[input.templateId];
  if (template && !input.normalTemplate) {
    (input.params ?? []).forEach((value, i) => candidates.push({ field: `parameter ${i + 1}`, value, counts: template.params[i] }));
  }
  for (const [field, value] of fieldValues(input, profile.fieldKeys)) candidates.push({ field, value, counts: profile.fields[field] });
  const factors: Factor[] = [];
  for (const { field, value, counts } of candidates) {
    if (!counts || counts.overflow || counts.total < opts.minSupport) continue;
    const seen = counts.values[value] ?? 0;
    if (seen / counts.total >= opts.rareRatio) continue;
    const how = seen === 0 ? 'never seen in training' : `seen ${num(seen)} times in ${num(counts.total)} training lines`;
    factors.push({ kind: 'rare_param', text: `${field} "${value}" ${how}`, weight: seen === 0 ? 0.7 : 0.5, field, value, seen });
  }
  return factors.sort((a, b) => b.weight - a.weight).slice(0, opts.maxRare);
}

export function errorRatioFactor(input: ExplainInput, profile: Profile, opts: ExplainOptions = DEFAULT_EXPLAIN): Factor | null {
  const window = input.serviceWindow;
  const service = profile.services[input.service];
  if (!window || !service || window.total < opts.minWindowEvents) return null;
  const ratio = window.errors / window.total;
  const normal = service.errorRatioP95;
  if (ratio < normal * opts.errorRatioFactor || ratio < normal + opts.errorRatioMargin) return null;
  const minutes = num(profile.windowMs / MINUTE);
  const text = `${pct(ratio)} of ${input.service} lines in ${minutes} min are errors (normal ≤ ${pct(normal)})`;
  const weight = 0.5 + 0.4 * Math.min(1, (ratio - normal) / Math.max(1e-9, 1 - normal));
  return { kind: 'error_ratio', text, weight, ratio, normal };
}

function textOf(id: number, input: ExplainInput, profile: Profile): string {
  return input.texts?.get(id) ?? profile.templates[id]?.text ?? `template #${id}`;
}

const num = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
const pct = (ratio: number): string => `${Math.round(ratio * 100)}%`;
