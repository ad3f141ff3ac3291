/**
 * Rules as the CLI reads and writes them, pure: the rules-file form of a stored rule, `--param
 * name=value` flags, edits merged into a rule before it is validated again, and the import plan.
 * Validation itself is the rule parser's (src/detect/rules/schema.ts), so the CLI, the API and
 * rules files accept exactly the same rules and say the same sentences.
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { RuleDraft } from '../../domain/index.js';
import { parseRulesText, type RulesOutcome } from '../../detect/rules/load.js';
import { parseRule } from '../../detect/rules/schema.js';

/** A rule as written in a rules file: head fields, then its parameters at top level. */
export type RuleEntry = Record<string, unknown> & { name: string; type: string };

export type Parsed<T> = { kind: 'ok'; value: T } | { kind: 'error'; message: string };

export type RulesFormat = 'yaml' | 'json';

/** The head fields of a rule as a rules file writes them (defaults and empty fields left out). */
function ruleHead(rule: RuleDraft): RuleEntry {
  const head: RuleEntry = { name: rule.name, type: rule.type, severity: rule.severity, enabled: rule.enabled };
  if (rule.description) head.description = rule.description;
  if (rule.scope.services?.length) head.services = [...rule.scope.services];
  return head;
}

export function ruleEntry(rule: RuleDraft): RuleEntry {
  return { ...ruleHead(rule), ...rule.params };
}

/** A rules file `import` reads back into the same rules. */
export function renderRulesFile(rules: readonly RuleDraft[], format: RulesFormat): string {
  const doc = { rules: rules.map(ruleEntry) };
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : stringifyYaml(doc, { lineWidth: 0 });
}

/**
 * A `--param` value: numbers, true/false and flow lists (`[ip, user]`) are read as YAML;
 * anything else stays the text typed. Quote a value to keep it a string: `pattern='[abc]'`.
 */
export function parseParamValue(raw: string): unknown {
  let value: unknown;
  try {
    value = parseYaml(raw);
  } catch {
    return raw;
  }
  const quoted = /^\s*(['"]).*\1\s*$/s.test(raw);
  return typeof value === 'number' || typeof value === 'boolean' || Array.isArray(value) || quoted ? value : raw;
}

/** `--param name=value` flags (repeatable) as a parameter mapping; a later flag wins. */
export function parseParamFlags(pairs: readonly string[]): Parsed<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? '' : pair.slice(0, eq).trim();
    if (!name) return { kind: 'error', message: `--param must look like name=value (e.g. threshold=5), got "${pair}"` };
    params[name] = parseParamValue(pair.slice(eq + 1));
  }
  return { kind: 'ok', value: params };
}

/** `--services a,b` as a list; an empty value means every service. */
export function parseServicesFlag(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** The rule head and parameters as given by flags (only what was given). */
export interface RuleFlagValues {
  name?: string;
  type?: string;
  severity?: string;
  description?: string;
  services?: string[];
  enabled?: boolean;
  params: Record<string, unknown>;
  /** Parameters to drop (back to their defaults). */
  unset: string[];
}

/** A new rule entry from flags alone. */
export function entryFromFlags(flags: RuleFlagValues): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  if (flags.name !== undefined) entry.name = flags.name;
  if (flags.type !== undefined) entry.type = flags.type;
  if (flags.severity !== undefined) entry.severity = flags.severity;
  if (flags.description !== undefined) entry.description = flags.description;
  if (flags.services !== undefined) entry.services = flags.services;
  if (flags.enabled !== undefined) entry.enabled = flags.enabled;
  return { ...entry, params: flags.params };
}

/**
 * A stored rule with flag edits applied, ready to validate. Changing the type starts its
 * parameters afresh: another type's parameters would only be unknown fields.
 */
export function editedEntry(rule: RuleDraft, flags: RuleFlagValues): Record<string, unknown> {
  const typeChanged = flags.type !== undefined && flags.type !== rule.type;
  const params: Record<string, unknown> = typeChanged ? {} : { ...rule.params };
  for (const name of flags.unset) delete params[name];
  const { params: _flagParams, ...changes } = entryFromFlags(flags);
  return { ...ruleHead(rule), ...changes, params: { ...params, ...flags.params } };
}

/** Read a document holding one rule (a mapping) or several (a list, or a `rules:` list). */
export function parseRuleDocument(text: string, source: string): RulesOutcome {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    return parseRulesText(text, source);
  }
  const single = doc !== null && typeof doc === 'object' && !Array.isArray(doc) && !('rules' in doc);
  if (!single) return parseRulesText(text, source);
  const out = parseRule(doc);
  return out.kind === 'ok' ? { kind: 'ok', rules: [out.rule] } : { kind: 'error', errors: [out.message] };
}

/** What an import does with each rule: rules whose names exist are kept, or replaced when asked. */
export type ImportStep =
  | { kind: 'create'; rule: RuleDraft }
  | { kind: 'replace'; id: number; rule: RuleDraft }
  | { kind: 'keep'; rule: RuleDraft };

export function planImport(existing: ReadonlyMap<string, number>, rules: readonly RuleDraft[], opts: { replace: boolean }): ImportStep[] {
  return rules.map((rule) => {
    const id = existing.get(rule.name);
    if (id === undefined) return { kind: 'create', rule };
    return opts.replace ? { kind: 'replace', id, rule } : { kind: 'keep', rule };
  });
}
