/**
 * Turn user input (a rules-file entry, an API body) or a stored rule into a validated rule.
 * Errors are values: one sentence naming the rule and the field, e.g.
 * `rule "ssh-bruteforce": threshold must be a positive integer, got "five"`.
 *
 * A rule entry may give its parameters at top level (`threshold: 5`) or under `params:`;
 * both are merged, and any field that is neither a head field nor a parameter is an error.
 */
import { pathText, preview, valueAt } from '../../shared/zod-issues.js';
import type { z } from 'zod';
import type { Rule, RuleDraft } from '../../domain/index.js';
import { HEAD_FIELDS, PARAM_SCHEMAS, RULE_HEAD, type TypedRule } from './params.js';

export * from './params.js';

export type ParseOutcome<T> = { kind: 'ok'; rule: T } | { kind: 'error'; message: string };

type Issue = z.core.$ZodIssue;

const HEAD_SET: ReadonlySet<string> = new Set(HEAD_FIELDS);

/** Validate one rule entry; `label` names it when it has no usable name (e.g. `rule #3`). */
export function parseRule(input: unknown, opts: { label?: string } = {}): ParseOutcome<RuleDraft> {
  const fallback = opts.label ?? 'rule';
  if (!isPlainObject(input)) return fail(fallback, `must be a mapping with at least a name and a type, got ${preview(input)}`);
  const label = typeof input.name === 'string' && input.name.trim() ? `rule "${input.name.trim()}"` : fallback;

  const head: Record<string, unknown> = {};
  const flat: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) (HEAD_SET.has(k) ? head : flat)[k] = v;

  const headResult = RULE_HEAD.safeParse(head);
  if (!headResult.success) return fail(label, describeIssue(headResult.error.issues[0]!, head));
  const h = headResult.data;

  const rawParams = { ...flat, ...(h.params ?? {}) };
  const paramsResult = PARAM_SCHEMAS[h.type].safeParse(rawParams);
  if (!paramsResult.success) return fail(label, describeIssue(paramsResult.error.issues[0]!, rawParams));

  const draft: RuleDraft = {
    name: h.name,
    type: h.type,
    params: paramsResult.data as Record<string, unknown>,
    severity: h.severity,
    enabled: h.enabled,
    scope: h.services.length > 0 ? { services: h.services } : {},
  };
  if (h.description !== undefined) draft.description = h.description;
  return { kind: 'ok', rule: draft };
}

/** Check a stored rule's params against its type's schema (defaults applied), typing them. */
export function validateRule(rule: Rule): ParseOutcome<TypedRule> {
  const schema = PARAM_SCHEMAS[rule.type];
  if (!schema) return fail(`rule "${rule.name}"`, `type has no detector, got ${preview(rule.type)}`);
  const result = schema.safeParse(rule.params ?? {});
  if (!result.success) return fail(`rule "${rule.name}"`, describeIssue(result.error.issues[0]!, rule.params ?? {}));
  return { kind: 'ok', rule: { ...rule, params: result.data } as TypedRule };
}

function fail<T>(label: string, problem: string): ParseOutcome<T> {
  return { kind: 'error', message: `${label}: ${problem}` };
}

/** One issue as `field problem, got value` (or `field is required`, `unknown field "x"`). */
export function describeIssue(issue: Issue, input: unknown): string {
  const where = pathText(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${where ? `${where}.` : ''}${k}"`).join(', ');
    return issue.keys.length === 1 ? `unknown field ${keys}` : `unknown fields ${keys}`;
  }
  const value = valueAt(input, issue.path);
  if (value === undefined) return `${where || 'value'} is required`;
  return `${where || 'value'} ${issue.message}, got ${preview(value)}`;
}



function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
