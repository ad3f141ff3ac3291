/**
 * Rules files: YAML (or JSON, which YAML reads too) holding a list of rule entries, either at top
 * level or under `rules:`. Every entry is validated and every error reported, one sentence each.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { RuleDraft } from '../../domain/index.js';
import { parseRule } from './schema.js';

export type RulesOutcome = { kind: 'ok'; rules: RuleDraft[] } | { kind: 'error'; errors: string[] };

/** The rules file shipped with LogTrack (`rules/starter.yaml` at the package root, from src/ or dist/). */
export const STARTER_RULES_PATH = fileURLToPath(new URL('../../../rules/starter.yaml', import.meta.url));

export async function loadRulesFile(path: string): Promise<RulesOutcome> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { kind: 'error', errors: [`cannot read rules file ${path}: ${(err as Error).message}`] };
  }
  return parseRulesText(text, path);
}

/** Parse the text of a rules file; `source` names it in messages. */
export function parseRulesText(text: string, source: string): RulesOutcome {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    return { kind: 'error', errors: [`rules file ${source} is not valid YAML or JSON: ${firstLine((err as Error).message)}`] };
  }
  const entries = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.rules) ? doc.rules : null;
  if (entries === null) return { kind: 'error', errors: [`rules file ${source} must hold a list of rules, or a "rules:" list`] };

  const rules: RuleDraft[] = [];
  const errors: string[] = [];
  const firstUse = new Map<string, number>();
  entries.forEach((entry, i) => {
    const out = parseRule(entry, { label: `rule #${i + 1}` });
    if (out.kind === 'error') {
      errors.push(out.message);
      return;
    }
    const earlier = firstUse.get(out.rule.name);
    if (earlier !== undefined) {
      errors.push(`rule #${i + 1}: name "${out.rule.name}" is already used by rule #${earlier}`);
      return;
    }
    firstUse.set(out.rule.name, i + 1);
    rules.push(out.rule);
  });
  return errors.length > 0 ? { kind: 'error', errors } : { kind: 'ok', rules };
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0]!;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
