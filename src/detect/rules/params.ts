/**
 * Rules as data: one zod schema per rule type, with defaults. Parameters use the snake_case
 * names users write in rules files (`window_minutes`, `max_idle_minutes`); unknown fields are
 * errors, so a typo never silently falls back to a default. Parsing lives in schema.ts.
 */
import { z } from 'zod';
import { LEVELS, RULE_TYPES, SEVERITIES, type Rule, type RuleType } from '../../domain/index.js';

// ---------------------------------------------------------------- field helpers

/** Every check of a field shares one message, so the user reads one sentence whatever failed. */
function positiveInt() {
  const error = 'must be a positive integer';
  return z.number({ error }).int({ error }).positive({ error });
}

function nonNegativeInt() {
  const error = 'must be a whole number, 0 or more';
  return z.number({ error }).int({ error }).nonnegative({ error });
}

function minutes() {
  const error = 'must be a positive number of minutes';
  return z.number({ error }).positive({ error }).finite({ error });
}

function nonNegativeMinutes() {
  const error = 'must be a number of minutes, 0 or more';
  return z.number({ error }).nonnegative({ error }).finite({ error });
}

function httpStatus() {
  const error = 'must be an HTTP status code (100-599)';
  return z.number({ error }).int({ error }).min(100, { error }).max(599, { error });
}

/** Strictly between 0 and 1. */
function fraction() {
  const error = 'must be a number between 0 and 1';
  return z.number({ error }).gt(0, { error }).lt(1, { error });
}

function text() {
  const error = 'must be a non-empty string';
  return z.string({ error }).trim().min(1, { error });
}

function bool() {
  return z.boolean({ error: 'must be true or false' });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

function listOf<T extends z.ZodType>(item: T) {
  return z.array(item, { error: 'must be a list' });
}

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

function regexSource() {
  return text().refine(isValidRegex, { error: 'must be a valid regular expression' });
}

/** Level names as in the domain (`ERROR`), case-insensitive in files. */
const level = z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), oneOf(LEVELS));

/** Sliding-window rules: `cooldown_minutes` defaults to the window (episode policy: decisions.ts). */
function windowFields(defaultMinutes: number) {
  return {
    window_minutes: minutes().default(defaultMinutes),
    cooldown_minutes: nonNegativeMinutes().optional(),
  };
}

// ---------------------------------------------------------------- per-type parameters

export const KEYWORD_PARAMS = z
  .strictObject({
    pattern: text(),
    /** false: `pattern` is a literal keyword; true: a regular expression. */
    regex: bool().default(false),
    case_sensitive: bool().default(false),
    threshold: positiveInt().default(1),
    ...windowFields(5),
    group_by: listOf(oneOf(['service', 'host', 'user'])).default(['service']),
  })
  .refine((p) => !p.regex || isValidRegex(p.pattern), { error: 'must be a valid regular expression', path: ['pattern'] });

export const USER_FAILURES_PARAMS = z.strictObject({
  threshold: positiveInt().default(5),
  ...windowFields(10),
  group_by: listOf(oneOf(['user', 'ip', 'service'])).min(1, { error: 'must name at least one of user, ip, service' }).default(['user']),
  /** Regular expressions (case-insensitive) marking a failed authentication; absent: the built-in list. */
  patterns: listOf(regexSource()).min(1, { error: 'must list at least one pattern' }).optional(),
  /** HTTP statuses (attrs.status) counted as failures in access logs. */
  http_statuses: listOf(httpStatus()).default([401, 403]),
});

export const REPEATED_MESSAGE_PARAMS = z.strictObject({
  threshold: positiveInt().default(100),
  ...windowFields(5),
  /** `template`: same mined template (falls back to the text when a record has none); `message`: same text. */
  by: oneOf(['template', 'message']).default('template'),
  min_level: level.default('TRACE'),
});

export const INACTIVITY_PARAMS = z.strictObject({
  max_idle_minutes: minutes().default(30),
});

export const RATE_SPIKE_PARAMS = z.strictObject({
  threshold: positiveInt().default(1000),
  ...windowFields(1),
});

export const ERROR_RATIO_PARAMS = z.strictObject({
  ratio: fraction().default(0.2),
  min_count: positiveInt().default(20),
  ...windowFields(5),
});

export const NEW_TEMPLATE_PARAMS = z.strictObject({
  /** Templates first seen within this long of a service's first record are its vocabulary, not news. */
  warmup_minutes: nonNegativeMinutes().default(60),
  min_level: level.default('TRACE'),
});

export const ZSCORE_PARAMS = z.strictObject({
  window_minutes: minutes().default(5),
  baseline_windows: positiveInt().min(2, { error: 'must be an integer of 2 or more' }).default(12),
  threshold: z.number({ error: 'must be a positive number' }).positive({ error: 'must be a positive number' }).default(3),
  per_template: bool().default(false),
  /** A window below this count never alerts, however quiet the baseline. */
  min_count: nonNegativeInt().default(10),
});

export const PARAM_SCHEMAS = {
  keyword: KEYWORD_PARAMS,
  user_failures: USER_FAILURES_PARAMS,
  repeated_message: REPEATED_MESSAGE_PARAMS,
  inactivity: INACTIVITY_PARAMS,
  rate_spike: RATE_SPIKE_PARAMS,
  error_ratio: ERROR_RATIO_PARAMS,
  new_template: NEW_TEMPLATE_PARAMS,
  zscore: ZSCORE_PARAMS,
} as const satisfies Record<RuleType, z.ZodType>;

export type RuleParams = { [T in RuleType]: z.output<(typeof PARAM_SCHEMAS)[T]> };
export type KeywordParams = RuleParams['keyword'];
export type UserFailuresParams = RuleParams['user_failures'];
export type RepeatedMessageParams = RuleParams['repeated_message'];
export type InactivityParams = RuleParams['inactivity'];
export type RateSpikeParams = RuleParams['rate_spike'];
export type ErrorRatioParams = RuleParams['error_ratio'];
export type NewTemplateParams = RuleParams['new_template'];
export type ZscoreParams = RuleParams['zscore'];

/** A rule whose params were validated against its type's schema: `rule.params` is fully typed. */
export type TypedRule = {
  [T in RuleType]: Omit<Rule, 'type' | 'params'> & { type: T; params: RuleParams[T] };
}[RuleType];

export type RuleOfType<T extends RuleType> = Extract<TypedRule, { type: T }>;

// ---------------------------------------------------------------- the rule head

/** Fields of a rule besides its parameters. Everything else in a rule entry is a parameter. */
export const HEAD_FIELDS = ['name', 'type', 'severity', 'enabled', 'services', 'description', 'params'] as const;

export const RULE_HEAD = z.strictObject({
  name: text().max(100, { error: 'must be at most 100 characters' }),
  type: oneOf(RULE_TYPES),
  severity: z
    .preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), oneOf(SEVERITIES))
    .default('MEDIUM'),
  enabled: bool().default(true),
  /** Restrict the rule to these services (absent or empty: every service). */
  services: listOf(text()).default([]),
  description: z.string({ error: 'must be a string' }).optional(),
  params: z.record(z.string(), z.unknown(), { error: 'must be a mapping of parameter names to values' }).optional(),
});
