import type { Command } from 'commander';
import { startPushSources } from '../../ingest/push-sources.js';
import { buildApp } from '../../server/app.js';
import { DEFAULT_SERVER_OPTIONS } from '../../server/options.js';
import { openStore, resolveDbLocation } from '../../store/open.js';
import type { DetectAndGroupOptions } from '../../pipeline/detect-run.js';
import { CliError, dbOption, notice, parsePositiveInt, redact, usageError } from '../common.js';
import { loadScorer } from './ml-scorer.js';
import { readNotifyConfig } from './notify.js';

interface ServeFlags {
  db?: string;
  port: string;
  host: string;
  trustProxy?: boolean;
  // push ingestion (src/ingest)
  syslog?: string;
  nats?: string;
  natsSubject?: string;
  // detection on pushed records
  notify?: string;
  model?: string;
}

type PushFlags = { syslogPort?: number; nats?: { url: string; subject: string }; detect?: DetectAndGroupOptions };

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the REST API and the web dashboard')
    .addOption(dbOption())
    .option('--port <n>', 'port to listen on (0: any free port)', '8080')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--trust-proxy', 'believe X-Forwarded-* headers (behind a reverse proxy that sets them)')
    .option('--syslog <port>', 'also receive syslog (RFC 5424/3164) on this UDP and TCP port')
    .option('--nats <url>', 'also consume log events from NATS JetStream (with --nats-subject)')
    .option('--nats-subject <subject>', 'the NATS subject to consume (a stream must capture it)')
    .option('--notify <file>', 'notify the incidents that pushed records open, extend or reopen (a notification config)')
    .option('--model <dir>', 'also score pushed records with a trained model (logtrack train)')
    .action(async (flags: ServeFlags) => {
      const port = flags.port === '0' ? 0 : parsePositiveInt(flags.port, '--port');
      if (flags.nats && !flags.natsSubject) throw usageError('--nats needs --nats-subject');
      const push: PushFlags = {
        syslogPort: flags.syslog === undefined ? undefined : parsePositiveInt(flags.syslog, '--syslog'),
        nats: flags.nats ? { url: flags.nats, subject: flags.natsSubject! } : undefined,
        detect: {
          ...(flags.notify !== undefined ? { notify: await readNotifyConfig(flags.notify) } : {}),
          ...(flags.model !== undefined ? { ml: await loadScorer(flags.model) } : {}),
        },
      };
      await serve({ db: flags.db, port, host: flags.host, trustProxy: !!flags.trustProxy, ...push });
    });
}

/** Run until SIGINT/SIGTERM, then close the server (ending live tails) and the store. */
export async function serve(opts: { db?: string; port: number; host: string; trustProxy: boolean } & PushFlags): Promise<void> {
  const where = resolveDbLocation(opts.db);
  const store = await openStore(where).catch((err: Error) => {
    throw new CliError(`cannot open the database at ${redact(where)}: ${err.message}`);
  });
  // The ingest writer (and the syslog/NATS sources) first: the app's ingest routes share it.
  const push = await startPushSources(store, { host: opts.host, syslogPort: opts.syslogPort, nats: opts.nats, detect: opts.detect, onNotice: notice });
  if (push.kind === 'failed') {
    await store.close();
    throw new CliError(push.message);
  }
  const app = await buildApp({ store, trustProxy: opts.trustProxy, logLevel: 'warn' });
  let url: string;
  try {
    url = await app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    await push.sources.stop();
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
  await push.sources.stop();
  await store.close();
}
