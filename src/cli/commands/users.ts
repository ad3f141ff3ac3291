import { Option, type Command } from 'commander';
import { ROLES } from '../../api/schemas.js';
import { changeAccount, createAccount, deleteAccount, issueToken } from '../../server/auth/accounts.js';
import type { Role, Store, User } from '../../store/store.js';
import { CliError, dbOption, formatTs, printJson, table, usageError, withStore } from '../common.js';

interface SecretFlags {
  db?: string;
  passwordStdin?: boolean;
}

/** Passwords never travel on the command line: a prompt without echo, or standard input. */
const passwordStdin = () => new Option('--password-stdin', 'read the password from the first line of standard input');

export function registerUsers(program: Command): void {
  const users = program.command('users').description('manage dashboard and API accounts (admin or viewer) and API tokens');

  users
    .command('add')
    .description('create an account (asks for the password)')
    .argument('<name>', 'user name')
    .addOption(new Option('--role <role>', 'admin: may change rules, users and templates; viewer: reads, acks and resolves').choices(ROLES).makeOptionMandatory())
    .addOption(passwordStdin())
    .addOption(dbOption())
    .action(async (name: string, flags: SecretFlags & { role: Role }) => {
      const password = await readPassword(flags, { confirm: true });
      const outcome = await withStore(flags.db, (store) => createAccount(store, { name, role: flags.role, password }));
      if (outcome.kind === 'exists') throw usageError(`a user named "${outcome.name}" exists already (change it with \`logtrack users passwd\`)`);
      if (outcome.kind === 'invalid') throw usageError(outcome.message);
      process.stdout.write(`created ${outcome.user.role} ${outcome.user.name}\n`);
    });

  users
    .command('list')
    .description('list accounts')
    .addOption(dbOption())
    .option('--json', 'print JSON')
    .action(async (flags: { db?: string; json?: boolean }) => {
      const rows = await withStore(flags.db, async (store) => (await store.listUsers()).map(({ passwordHash: _, ...u }) => u));
      if (flags.json) return printJson(rows);
      if (rows.length === 0) return void process.stdout.write('no users yet: logtrack users add admin --role admin\n');
      process.stdout.write(`${table(['NAME', 'ROLE', 'CREATED'], rows.map((u) => [u.name, u.role, formatTs(u.createdAt)]))}\n`);
    });

  users
    .command('passwd')
    .description("change an account's password (asks for the new one)")
    .argument('<name>', 'user name')
    .addOption(passwordStdin())
    .addOption(dbOption())
    .action(async (name: string, flags: SecretFlags) => {
      const password = await readPassword(flags, { confirm: true });
      await withStore(flags.db, async (store) => {
        const outcome = await changeAccount(store, (await requireUser(store, name)).id, { password });
        if (outcome.kind === 'invalid') throw usageError(outcome.message);
      });
      process.stdout.write(`changed the password of ${name}\n`);
    });

  users
    .command('delete')
    .description('delete an account with its sessions and API tokens')
    .argument('<name>', 'user name')
    .addOption(dbOption())
    .action(async (name: string, flags: { db?: string }) => {
      await withStore(flags.db, async (store) => {
        const outcome = await deleteAccount(store, (await requireUser(store, name)).id);
        if (outcome.kind === 'last_admin') throw usageError(`${name} is the last admin: make another admin first`);
      });
      process.stdout.write(`deleted ${name}\n`);
    });

  users
    .command('token')
    .description('create an API token for an account; it is printed once and stored only as a hash')
    .argument('<name>', 'user name')
    .requiredOption('--name <label>', 'what the token is for (e.g. grafana)')
    .addOption(dbOption())
    .action(async (userName: string, flags: { db?: string; name: string }) => {
      const outcome = await withStore(flags.db, (store) => issueToken(store, { userName, name: flags.name }));
      if (outcome.kind === 'not_found') throw usageError(`no user named "${userName}"`);
      process.stderr.write(`API token "${flags.name}" for ${userName} (send it as "Authorization: Bearer <token>"; it is not shown again):\n`);
      process.stdout.write(`${outcome.token}\n`);
    });
}

async function requireUser(store: Store, name: string): Promise<User> {
  const user = await store.getUserByName(name);
  if (!user) throw usageError(`no user named "${name}"`);
  return user;
}

async function readPassword(flags: SecretFlags, opts: { confirm: boolean }): Promise<string> {
  if (flags.passwordStdin) return firstLine(process.stdin);
  if (!process.stdin.isTTY) throw usageError('no terminal to ask for the password: pipe it in with --password-stdin');
  const password = await promptHidden('Password: ');
  if (opts.confirm && (await promptHidden('Again: ')) !== password) throw usageError('the two passwords differ');
  return password;
}

async function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += chunk.toString();
    if (text.includes('\n') || text.length > 4096) break;
  }
  return text.split(/\r?\n/)[0]!;
}

/** Read a line from the terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: CliError) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new CliError('cancelled', 130));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
