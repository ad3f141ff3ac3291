import type { Command } from 'commander';
import type { Template } from '../../domain/index.js';
import { createMiner } from '../../mine/template-miner.js';
import { CliError, dbOption, formatTs, parsePositiveInt, printJson, table, usageError, withStore } from '../common.js';

interface ListFlags {
  db?: string;
  service?: string;
  limit: string;
  newest?: boolean;
  json?: boolean;
}

export function registerTemplates(program: Command): void {
  const cmd = program
    .command('templates')
    .description('list mined templates (count, first/last seen, example); rename, freeze, mark normal or add your own');

  cmd
    .command('list', { isDefault: true })
    .description('list templates, most frequent first')
    .addOption(dbOption())
    .option('--service <name>', 'only this service')
    .option('--limit <n>', 'at most this many', '100')
    .option('--newest', 'newest first instead of most frequent')
    .option('--json', 'print JSON')
    .action(async (flags: ListFlags) => {
      const templates = await withStore(flags.db, (store) =>
        store.listTemplates({ service: flags.service, limit: parsePositiveInt(flags.limit, '--limit'), order: flags.newest ? 'newest' : 'count' }),
      );
      if (flags.json) return printJson(templates);
      if (templates.length === 0) return void process.stdout.write('no templates yet: ingest some logs first\n');
      process.stdout.write(`${renderTemplates(templates)}\n`);
    });

  cmd
    .command('rename')
    .description('give a template a human name (kept across retraining)')
    .argument('<id>', 'template id')
    .argument('<name>', 'the new name, e.g. "Database connectivity"')
    .addOption(dbOption())
    .action(async (id: string, name: string, flags: { db?: string }) => {
      const t = await patch(flags.db, id, { name });
      process.stdout.write(`template ${t.id} is now named "${t.name}"\n`);
    });

  cmd
    .command('freeze')
    .description('never generalise this template further')
    .argument('<id>', 'template id')
    .option('--unfreeze', 'allow generalising again')
    .addOption(dbOption())
    .action(async (id: string, flags: { db?: string; unfreeze?: boolean }) => {
      const t = await patch(flags.db, id, { frozen: !flags.unfreeze });
      process.stdout.write(`template ${t.id} is ${t.frozen ? 'frozen' : 'no longer frozen'}\n`);
    });

  cmd
    .command('normal')
    .description('mark a template as normal: it never alerts as new or rare (--undo reverses)')
    .argument('<id>', 'template id')
    .option('--undo', 'mark it as not normal again')
    .addOption(dbOption())
    .action(async (id: string, flags: { db?: string; undo?: boolean }) => {
      const t = await patch(flags.db, id, { normal: !flags.undo });
      process.stdout.write(`template ${t.id} is ${t.normal ? 'marked normal' : 'no longer marked normal'}\n`);
    });

  cmd
    .command('add')
    .description('add your own template; use <*> for variables (it takes precedence over mined ones)')
    .argument('<text>', 'template text, e.g. "Connection to <*> timed out after <*> ms"')
    .requiredOption('--service <name>', 'the service the template belongs to')
    .option('--name <name>', 'a human name')
    .addOption(dbOption())
    .action(async (text: string, flags: { db?: string; service: string; name?: string }) => {
      if (!text.trim()) throw usageError('the template text is empty');
      const cluster = createMiner().addCustom(text, flags.service);
      const t = await withStore(flags.db, async (store) => {
        const now = Date.now();
        const [id] = await store.upsertTemplates([
          { key: cluster.key, service: flags.service, text: cluster.text, example: text, firstSeen: now, lastSeen: now, countDelta: 0 },
        ]);
        return store.updateTemplate(id!, { custom: true, frozen: true, ...(flags.name ? { name: flags.name } : {}) });
      });
      process.stdout.write(`added template ${t!.id}: ${t!.text}\n`);
    });
}

async function patch(db: string | undefined, id: string, changes: Parameters<import('../../store/store.js').Store['updateTemplate']>[1]): Promise<Template> {
  const templateId = parsePositiveInt(id, 'the template id');
  const t = await withStore(db, (store) => store.updateTemplate(templateId, changes));
  if (!t) throw new CliError(`there is no template ${templateId}`);
  return t;
}

export function renderTemplates(templates: Template[]): string {
  return table(
    ['ID', 'SERVICE', 'COUNT', 'FIRST SEEN', 'LAST SEEN', 'FLAGS', 'TEMPLATE'],
    templates.map((t) => [
      t.id, t.service, t.count, formatTs(t.firstSeen), formatTs(t.lastSeen),
      [t.frozen && 'frozen', t.custom && 'custom', t.normal && 'normal'].filter(Boolean).join(',') || '-',
      t.name ? `${t.name}: ${t.text}` : t.text,
    ]),
  );
}
