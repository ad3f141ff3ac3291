/**
 * `logtrack silence`: mute a rule, a template or a service for a while. Detection drops their
 * alerts and notifications stop until the silence expires (or is deleted).
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { parseDuration, silence, unsilence } from '../../incidents/index.js';
import type { Silence, SilenceTarget, Store } from '../../store/store.js';
import { CliError, dbOption, formatTs, notice, parsePositiveInt, printJson, table, usageError, withStore } from '../common.js';
import { requireRule } from './rules.js';

interface AddFlags {
  db?: string;
  rule?: string;
  template?: string;
  service?: string;
  for: string;
  reason?: string;
  json?: boolean;
}

export function registerSilence(program: Command): void {
  const cmd = program.command('silence').description('mute a rule, a template or a service for a while: add, list, delete');

  cmd
    .command('add')
    .description('mute alerts and notifications of one rule, template or service')
    .option('--rule <name>', 'mute this rule')
    .option('--template <id>', 'mute alerts about this template')
    .option('--service <name>', 'mute alerts about this service')
    .requiredOption('--for <duration>', 'how long, e.g. 30m, 2h, 1d or 1h30m')
    .option('--reason <text>', 'why (shown in `silence list`)', '')
    .addOption(dbOption())
    .option('--json', 'print the silence as JSON')
    .action(async (flags: AddFlags) => {
      const target = silenceTarget(flags);
      const duration = parseDuration(flags.for);
      if (duration.kind === 'invalid') throw usageError(`--for: ${duration.reason.replace(/\.$/, '')}`);
      const created = await withStore(flags.db, async (store) => {
        await checkTarget(store, target);
        const outcome = await silence(store, { target, durationMs: duration.value, reason: flags.reason ?? '', createdBy: whoAmI() }, Date.now());
        if (outcome.kind !== 'done') throw usageError(outcome.reason.replace(/\.$/, ''));
        return outcome.value;
      });
      if (flags.json) return printJson(created);
      process.stdout.write(`silence ${created.id}: ${targetText(created.target)} is muted until ${formatTs(created.until)}\n`);
    });

  cmd
    .command('list')
    .description('silences in force (--all: expired ones too)')
    .option('--all', 'include expired silences')
    .addOption(dbOption())
    .option('--json', 'print JSON')
    .action(async (flags: { db?: string; all?: boolean; json?: boolean }) => {
      const now = Date.now();
      const rows = await withStore(flags.db, (store) => store.listSilences(flags.all ? {} : { activeAt: now }));
      if (flags.json) return printJson(rows);
      if (rows.length === 0) return void process.stdout.write(flags.all ? 'no silences\n' : 'no silences in force\n');
      process.stdout.write(`${renderSilences(rows, now)}\n`);
    });

  cmd
    .command('delete')
    .description('lift a silence now')
    .argument('<id>', 'silence id')
    .addOption(dbOption())
    .action(async (id: string, flags: { db?: string }) => {
      const silenceId = parsePositiveInt(id, 'the silence id');
      const outcome = await withStore(flags.db, (store) => unsilence(store, silenceId));
      if (outcome.kind !== 'done') throw new CliError(`there is no silence ${silenceId}`);
      process.stdout.write(`deleted silence ${silenceId}\n`);
    });
}

function silenceTarget(flags: AddFlags): SilenceTarget {
  const given = (['rule', 'template', 'service'] as const).filter((k) => flags[k] !== undefined);
  if (given.length !== 1) throw usageError('name exactly one thing to silence: --rule NAME, --template ID or --service NAME');
  const kind = given[0]!;
  return { kind, value: flags[kind]!.trim() };
}

/** A silence on a rule or template that does not exist would mute nothing: refuse it. */
async function checkTarget(store: Store, target: SilenceTarget): Promise<void> {
  if (target.kind === 'rule') await requireRule(store, target.value);
  if (target.kind === 'template') {
    const id = parsePositiveInt(target.value, '--template');
    if (!(await store.getTemplate(id))) throw new CliError(`there is no template ${id} (see \`logtrack templates\`)`);
  }
  if (target.kind === 'service' && !(await store.services()).some((s) => s.service === target.value)) {
    notice(`note: no records of service "${target.value}" are stored yet; the silence applies when they come`);
  }
}

function whoAmI(): string | null {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return null;
  }
}

function targetText(t: SilenceTarget): string {
  return t.kind === 'template' ? `template ${t.value}` : `${t.kind} "${t.value}"`;
}

export function renderSilences(rows: readonly Silence[], now: number): string {
  return table(
    ['ID', 'TARGET', 'UNTIL', 'STATE', 'BY', 'REASON'],
    rows.map((s) => [s.id, targetText(s.target), formatTs(s.until), s.until > now ? 'in force' : 'expired', s.createdBy ?? '-', s.reason || '-']),
  );
}
