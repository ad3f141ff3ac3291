import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { runDemo, type DemoReport } from '../../demo/run-demo.js';
import { createAccount } from '../../server/auth/accounts.js';
import type { Store } from '../../store/store.js';
import { dbOption, formatTs, notice, parsePositiveInt, printJson, table, withStore } from '../common.js';
import { serve } from './serve.js';

interface DemoFlags {
  db?: string;
  out: string;
  days: string;
  seed: string;
  serve: boolean;
  port: string;
  host: string;
  json?: boolean;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the main job on sample data (what npm start runs): synth → ingest → detect → incidents → summary → dashboard')
    .addOption(dbOption())
    .option('--out <dir>', 'where the sample logs go', 'sample-logs')
    .option('--days <n>', 'days of sample logs', '1')
    .option('--seed <n>', 'random seed of the sample logs', '42')
    .option('--no-serve', 'stop after the summary instead of serving the dashboard')
    .option('--port <n>', 'dashboard port', '8080')
    .option('--host <address>', 'dashboard address', '127.0.0.1')
    .option('--json', 'print the summary as JSON (implies --no-serve)')
    .action(async (flags: DemoFlags) => {
      const password = await withStore(flags.db, async (store) => {
        const report = await runDemo(store, {
          outDir: flags.out, days: Number(flags.days), seed: parsePositiveInt(flags.seed, '--seed'), onStep: flags.json ? undefined : notice,
        });
        if (flags.json) printJson(summarise(report));
        else process.stdout.write(render(report));
        return flags.serve && !flags.json ? ensureAdmin(store) : null;
      });
      if (!flags.serve || flags.json) return;
      if (password) notice(`sign in as "admin" with the one-time password ${password} (change it with: logtrack users passwd admin)`);
      else notice('sign in with one of your users (logtrack users list)');
      await serve({ db: flags.db, port: flags.port === '0' ? 0 : parsePositiveInt(flags.port, '--port'), host: flags.host, trustProxy: false });
    });
}

/** No default password: when the database has no users, create "admin" with a random one, shown once. */
async function ensureAdmin(store: Store): Promise<string | null> {
  if ((await store.listUsers()).length > 0) return null;
  const password = randomBytes(12).toString('base64url');
  const outcome = await createAccount(store, { name: 'admin', role: 'admin', password });
  return outcome.kind === 'created' ? password : null;
}

function summarise(r: DemoReport) {
  return {
    ingest: { lines: r.ingest.linesRead, records: r.ingest.recordsStored, rejected: r.ingest.rejected, linesPerSec: r.ingest.linesPerSec },
    model: r.model,
    alerts: r.alerts.length,
    incidents: r.incidents.map((i) => ({ id: i.id, title: i.title, severity: i.severity, services: i.services, start: i.start, alerts: i.members.length })),
    scenarios: r.scenarios.map((s) => ({ scenario: s.scenario.scenario, detected: s.kind === 'detected', incidents: s.kind === 'detected' ? s.incidents.map((i) => i.id) : [] })),
    unexplainedIncidents: r.unexplained.map((i) => i.id),
  };
}

function render(r: DemoReport): string {
  const byRule = new Map<string, number>();
  for (const a of r.alerts) byRule.set(a.ruleName, (byRule.get(a.ruleName) ?? 0) + 1);
  const detected = r.scenarios.filter((s) => s.kind === 'detected').length;
  return [
    '',
    `Ingested ${r.ingest.recordsStored} records from ${r.synth.files.length} files (${r.ingest.rejected} rejected) at ${r.ingest.linesPerSec} lines/s.`,
    r.model.kind === 'trained' ? `Scored them with a model trained on ${r.model.records} records of the day before.` : `No model: ${r.model.reason}`,
    `Raised ${r.alerts.length} alerts (${[...byRule].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}) in ${r.incidents.length} incidents:`,
    table(
      ['ID', 'SEVERITY', 'START', 'SERVICES', 'ALERTS', 'TITLE'],
      r.incidents.map((i) => [i.id, i.severity, formatTs(i.start), i.services.join(','), i.members.length, i.title]),
    ),
    '',
    `Injected anomalies found: ${detected} of ${r.scenarios.length}`,
    table(
      ['SCENARIO', 'SERVICE', 'AT', 'FOUND IN'],
      r.scenarios.map((s) => [s.scenario.scenario, s.scenario.service, formatTs(s.scenario.start), s.kind === 'detected' ? s.incidents.map((i) => `#${i.id}`).join(' ') : 'missed']),
    ),
    `Incidents matching no injected anomaly: ${r.unexplained.length}`,
    '',
  ].join('\n');
}
