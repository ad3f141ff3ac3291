import type { Command } from 'commander';
import { buildApp } from '../../server/app.js';
import { DEFAULT_SERVER_OPTIONS } from '../../server/options.js';
import { openStore, resolveDbLocation } from '../../store/open.js';
import { CliError, dbOption, notice, parsePositiveInt, redact } from '../common.js';

interface ServeFlags {
  db?: string;
  port: string;
  host: string;
  trustProxy?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the REST API and the web dashboard')
    .addOption(dbOption())
    .option('--port <n>', 'port to listen on (0: any free port)', '8080')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--trust-proxy', 'believe X-Forwarded-* headers (behind a reverse proxy that sets them)')
    .action(async (flags: ServeFlags) => {
      const port = flags.port === '0' ? 0 : parsePositiveInt(flags.port, '--port');
      await serve({ db: flags.db, port, host: flags.host, trustProxy: !!flags.trustProxy });
    });
}

/** Run until SIGINT/SIGTERM, then close the server (ending live tails) and the store. */
export async function serve(opts: { db?: string; port: number; host: string; trustProxy: boolean }): Promise<void> {
  const where = resolveDbLocation(opts.db);
  const store = await openStore(where).catch((err: Error) => {
    throw new CliError(`cannot open the database at ${redact(where)}: ${err.message}`);
  });
  const app = await buildApp({ store, trustProxy: opts.trustProxy, logLevel: 'warn' });
  let url: string;
  try {
    url = await app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    await store.close();
    throw new CliError(`cannot listen on ${opts.host}:${opts.port}: ${(err as Error).message}`);
  }
  notice(`LogTrack is serving ${redact(where)} at ${url} (API docs: ${url}/api/docs)`);
  if (!DEFAULT_SERVER_OPTIONS.webRoot) notice('the dashboard is not built: run `npm run build:web` (the API works without it)');
  if ((await store.listUsers()).length === 0) {
    notice('no users yet, so nobody can sign in. Create the first admin (you will be asked for a password):');
    notice(`  logtrack users add admin --role admin${opts.db ? ` --db ${redact(where)}` : ''}`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  notice('stopping');
  await app.close();
  await store.close();
}
