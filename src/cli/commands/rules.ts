/**
 * `logtrack rules`: detection rules as data. Add them from a YAML/JSON file or from flags, edit,
 * enable, disable, delete, import a rules file and export one that imports back the same. Every
 * rule is validated by the rule parser; an invalid one is one sentence naming the rule and the
 * field, with exit code 2.
 */
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { stringify as stringifyYaml } from 'yaml';
import type { Rule, RuleDraft } from '../../domain/index.js';
import { parseRule } from '../../detect/rules/schema.js';
import type { Store } from '../../store/store.js';
import { CliError, dbOption, printJson, table, usageError, withStore } from '../common.js';
import {
  editedEntry, entryFromFlags, parseParamFlags, parseRuleDocument, parseServicesFlag, planImport, renderRulesFile, ruleEntry,
  type ImportStep, type RuleFlagValues, type RulesFormat,
} from './rules-io.js';

interface DbFlags {
  db?: string;
  json?: boolean;
}

interface RuleFlags extends DbFlags {
  name?: string;
  type?: string;
  severity?: string;
  param: string[];
  /** edit only */
  unset?: string[];
  services?: string;
  description?: string;
  disabled?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function addRuleFlags(cmd: Command, verb: 'add' | 'edit'): Command {
  cmd
    .option('--name <name>', verb === 'add' ? 'rule name (unique)' : 'rename the rule')
    .option('--type <type>', 'rule type: keyword, user_failures, repeated_message, inactivity, rate_spike, error_ratio, new_template, zscore')
    .option('--severity <level>', 'LOW, MEDIUM, HIGH or CRITICAL')
    .option('--param <name=value>', 'a parameter, e.g. threshold=5 or group_by=[ip] (repeatable)', collect, [])
    .option('--services <list>', 'only these services, comma-separated (empty: every service)')
    .option('--description <text>', 'what the rule is for');
  if (verb === 'add') cmd.option('--disabled', 'add the rule disabled');
  else cmd.option('--unset <name>', 'drop a parameter, back to its default (repeatable)', collect, []);
  return cmd.addOption(dbOption()).option('--json', 'print the stored rules as JSON');
}

export function registerRules(program: Command): void {
  const rules = program.command('rules').description('detection rules as data: list, show, add, edit, enable, disable, delete, import, export');

  rules
    .command('list', { isDefault: true })
    .description('every rule, with its settings')
    .addOption(dbOption())
    .option('--json', 'print JSON')
    .action(async (flags: DbFlags) => {
      const list = await withStore(flags.db, (store) => store.listRules());
      if (flags.json) return printJson(list);
      if (list.length === 0) return void process.stdout.write('no rules yet: run `logtrack init` for the starter rules, or `logtrack rules add`\n');
      process.stdout.write(`${renderRuleTable(list)}\n`);
    });

  rules
    .command('show')
    .description('one rule, as a rules file entry')
    .argument('<name>', 'rule name (or id)')
    .addOption(dbOption())
    .option('--json', 'print JSON')
    .action(async (name: string, flags: DbFlags) => {
      const rule = await withStore(flags.db, (store) => requireRule(store, name));
      if (flags.json) printJson(rule);
      else process.stdout.write(stringifyYaml(ruleEntry(rule), { lineWidth: 0 }));
    });

  addRuleFlags(
    rules
      .command('add')
      .description('add rules from a YAML or JSON file (one rule or a list), or one rule from flags')
      .argument('[file]', 'rules file, or - for standard input'),
    'add',
  ).action(async (file: string | undefined, flags: RuleFlags) => {
    const drafts = file !== undefined ? await rulesFromSource(file, flags) : [validated(entryFromFlags(flagValues(flags)))];
    const added = await withStore(flags.db, async (store) => {
      for (const d of drafts) if (await store.getRule(d.name)) throw usageError(`a rule named "${d.name}" exists already (change it with \`logtrack rules edit ${d.name}\`)`);
      const out: Rule[] = [];
      for (const d of drafts) out.push(await store.createRule(d));
      return out;
    });
    if (flags.json) return printJson(added);
    for (const r of added) process.stdout.write(`added rule "${r.name}" (${r.type}, ${r.severity}${r.enabled ? '' : ', disabled'})\n`);
  });

  addRuleFlags(
    rules
      .command('edit')
      .description('change a rule with flags, or replace it with the rule in a file')
      .argument('<name>', 'rule name (or id)')
      .argument('[file]', 'a file holding the rule as it should be, or - for standard input'),
    'edit',
  ).action(async (name: string, file: string | undefined, flags: RuleFlags) => {
    const rule = await withStore(flags.db, async (store) => {
      const current = await requireRule(store, name);
      const draft = file !== undefined ? await replacement(file, current, flags) : validated(editedEntry(current, flagValues(flags)));
      const clash = draft.name === current.name ? null : await store.getRule(draft.name);
      if (clash) throw usageError(`a rule named "${draft.name}" exists already`);
      // A replacement that leaves the description out clears it.
      return (await store.updateRule(current.id, { ...draft, description: draft.description ?? '' }))!;
    });
    if (flags.json) printJson(rule);
    else process.stdout.write(`updated rule "${rule.name}"\n`);
  });

  for (const enabled of [true, false]) {
    rules
      .command(enabled ? 'enable' : 'disable')
      .description(enabled ? 'let a rule run again' : 'stop a rule from running (it is kept)')
      .argument('<name>', 'rule name (or id)')
      .addOption(dbOption())
      .action(async (name: string, flags: DbFlags) => {
        const rule = await withStore(flags.db, async (store) => (await store.updateRule((await requireRule(store, name)).id, { enabled }))!);
        process.stdout.write(`rule "${rule.name}" is ${enabled ? 'enabled' : 'disabled'}\n`);
      });
  }

  rules
    .command('delete')
    .description('delete a rule (its past alerts stay)')
    .argument('<name>', 'rule name (or id)')
    .addOption(dbOption())
    .action(async (name: string, flags: DbFlags) => {
      const rule = await withStore(flags.db, async (store) => {
        const found = await requireRule(store, name);
        await store.deleteRule(found.id);
        return found;
      });
      process.stdout.write(`deleted rule "${rule.name}"\n`);
    });

  rules
    .command('import')
    .description('load a rules file (YAML or JSON); rules whose names exist are kept unless --replace')
    .argument('<file>', 'rules file, or - for standard input')
    .option('--replace', 'overwrite rules of the same name')
    .addOption(dbOption())
    .option('--json', 'print what happened to each rule as JSON')
    .action(async (file: string, flags: DbFlags & { replace?: boolean }) => {
      const drafts = await rulesFromSource(file);
      const steps = await withStore(flags.db, (store) => importRules(store, drafts, { replace: flags.replace ?? false }));
      if (flags.json) printJson(steps.map((s) => ({ kind: s.kind, name: s.rule.name })));
      else process.stdout.write(describeImport(steps, { replaceHint: !flags.replace }));
    });

  rules
    .command('export')
    .description('print every rule as a rules file that `rules import` reads back')
    .addOption(new Option('--format <format>', 'yaml or json').choices(['yaml', 'json']).default('yaml'))
    .addOption(dbOption())
    .action(async (flags: { db?: string; format: RulesFormat }) => {
      const list = await withStore(flags.db, (store) => store.listRules());
      process.stdout.write(renderRulesFile(list, flags.format));
    });
}

/** Store rules, keeping (or with `replace`, overwriting) those whose names exist. */
export async function importRules(store: Store, drafts: readonly RuleDraft[], opts: { replace: boolean }): Promise<ImportStep[]> {
  const existing = new Map((await store.listRules()).map((r) => [r.name, r.id]));
  const steps = planImport(existing, drafts, opts);
  for (const step of steps) {
    if (step.kind === 'create') await store.createRule(step.rule);
    if (step.kind === 'replace') await store.updateRule(step.id, { ...step.rule, description: step.rule.description ?? '' });
  }
  return steps;
}

export function describeImport(steps: readonly ImportStep[], opts: { replaceHint: boolean }): string {
  const names = (kind: ImportStep['kind']) => steps.filter((s) => s.kind === kind).map((s) => s.rule.name);
  const [created, replaced, kept] = [names('create'), names('replace'), names('keep')];
  const lines = created.length || steps.length === 0 ? [`added ${plural(created.length, 'rule')}${created.length ? `: ${created.join(', ')}` : ''}`] : [];
  if (replaced.length) lines.push(`replaced ${plural(replaced.length, 'rule')}: ${replaced.join(', ')}`);
  if (kept.length) lines.push(`kept ${plural(kept.length, 'existing rule')} as ${kept.length === 1 ? 'it is' : 'they are'}${opts.replaceHint ? ' (--replace overwrites)' : ''}: ${kept.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** Validated rules of a file (or `-`); every invalid rule is reported, and nothing is stored. */
export async function rulesFromSource(source: string, flags?: RuleFlags): Promise<RuleDraft[]> {
  if (flags && hasRuleFlags(flags)) throw usageError('give the rule either in a file or with flags, not both');
  const name = sourceName(source);
  const outcome = parseRuleDocument(await readSource(source), name);
  if (outcome.kind === 'error') throw invalidRules(outcome.errors, name);
  return outcome.rules;
}

async function replacement(source: string, current: Rule, flags: RuleFlags): Promise<RuleDraft> {
  if (hasRuleFlags(flags)) throw usageError('give the rule either in a file or with flags, not both');
  const drafts = await rulesFromSource(source);
  if (drafts.length !== 1) throw usageError(`${sourceName(source)} must hold exactly one rule to replace "${current.name}", found ${drafts.length}`);
  return drafts[0]!;
}

const sourceName = (source: string): string => (source === '-' ? 'standard input' : source);

export async function readSource(source: string): Promise<string> {
  if (source === '-') {
    let text = '';
    for await (const chunk of process.stdin) text += chunk.toString();
    return text;
  }
  try {
    return await readFile(source, 'utf8');
  } catch (err) {
    throw usageError(`cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function invalidRules(errors: readonly string[], source: string): CliError {
  if (errors.length === 1) return usageError(errors[0]!);
  return usageError(`${source} has ${errors.length} invalid rules:\n  ${errors.join('\n  ')}`);
}

function validated(entry: Record<string, unknown>): RuleDraft {
  const out = parseRule(entry);
  if (out.kind === 'error') throw usageError(out.message);
  return out.rule;
}

function flagValues(flags: RuleFlags): RuleFlagValues {
  const params = parseParamFlags(flags.param);
  if (params.kind === 'error') throw usageError(params.message);
  const values: RuleFlagValues = { params: params.value, unset: flags.unset ?? [] };
  if (flags.name !== undefined) values.name = flags.name;
  if (flags.type !== undefined) values.type = flags.type;
  if (flags.severity !== undefined) values.severity = flags.severity;
  if (flags.description !== undefined) values.description = flags.description;
  if (flags.services !== undefined) values.services = parseServicesFlag(flags.services);
  if (flags.disabled) values.enabled = false;
  return values;
}

function hasRuleFlags(f: RuleFlags): boolean {
  const head = [f.name, f.type, f.severity, f.services, f.description].some((v) => v !== undefined);
  return head || f.disabled === true || f.param.length > 0 || (f.unset?.length ?? 0) > 0;
}

export async function requireRule(store: Store, nameOrId: string): Promise<Rule> {
  const rule = (await store.getRule(nameOrId)) ?? (/^\d+$/.test(nameOrId) ? await store.getRule(Number(nameOrId)) : null);
  if (!rule) throw new CliError(`there is no rule named "${nameOrId}" (see \`logtrack rules list\`)`);
  return rule;
}

export function renderRuleTable(rules: readonly Rule[]): string {
  const setting = ([k, v]: [string, unknown]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
  return table(
    ['NAME', 'TYPE', 'SEVERITY', 'STATE', 'SERVICES', 'SETTINGS'],
    rules.map((r) => [r.name, r.type, r.severity, r.enabled ? 'enabled' : 'disabled', r.scope.services?.join(',') || 'all', Object.entries(r.params).map(setting).join(' ')]),
  );
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
