import { Option, type Command } from 'commander';
import { LEVELS, type Level, type StoredLog } from '../../domain/index.js';
import { dbOption, formatTs, parsePositiveInt, parseTime, printJson, withStore } from '../common.js';

interface LogsFlags {
  db?: string;
  service?: string;
  level?: Level;
  since?: string;
  until?: string;
  grep?: string;
  template?: string;
  user?: string;
  limit: string;
  json?: boolean;
}

export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description('query stored records back, newest first')
    .addOption(dbOption())
    .option('--service <name>', 'only this service')
    .addOption(new Option('--level <level>', 'this level and worse').choices(LEVELS as unknown as string[]))
    .option('--since <time>', 'from this time (ISO 8601, epoch, or a duration back from now like 2h)')
    .option('--until <time>', 'before this time')
    .option('--grep <text>', 'messages containing this text (case-insensitive)')
    .option('--template <id>', 'records of this template id')
    .option('--user <name>', 'records of this user')
    .option('--limit <n>', 'at most this many records', '50')
    .option('--json', 'print JSON')
    .action(async (flags: LogsFlags) => {
      const page = await withStore(flags.db, (store) =>
        store.queryLogs({
          service: flags.service,
          minLevel: flags.level,
          since: parseTime(flags.since, '--since'),
          until: parseTime(flags.until, '--until'),
          grep: flags.grep,
          templateId: flags.template ? parsePositiveInt(flags.template, '--template') : undefined,
          user: flags.user,
          limit: parsePositiveInt(flags.limit, '--limit'),
        }),
      );
      if (flags.json) printJson(page.rows);
      else process.stdout.write(page.rows.map(renderLog).join('\n') + (page.rows.length ? '\n' : 'no records match\n'));
    });
}

export function renderLog(r: StoredLog): string {
  const user = r.user ? ` user=${r.user}` : '';
  return `${formatTs(r.ts)} ${r.level.padEnd(5)} [${r.service}]${user} ${r.message}`;
}
