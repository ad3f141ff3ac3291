/**
 * `logtrack alerts`: rule alerts, z-score spikes and ML anomalies. List and filter them, show one
 * with its evidence lines, acknowledge, resolve, or mark one "not an anomaly" so its repeats
 * (same rule and scope) stop.
 */
import { Option, type Command } from 'commander';
import { SEVERITIES, type Alert, type AlertScope, type AlertStatus } from '../../domain/index.js';
import { FACTOR_LABELS, markAlertNormal } from '../../incidents/index.js';
import type { Store } from '../../store/store.js';
import { CliError, dbOption, formatTs, parsePositiveInt, parseTime, printJson, table, withStore } from '../common.js';
import { renderLog } from './logs.js';

interface ListFlags {
  db?: string;
  since?: string;
  until?: string;
  severity?: Alert['severity'];
  rule?: string;
  status?: AlertStatus;
  source?: Alert['source'];
  service?: string;
  incident?: string;
  limit: string;
  json?: boolean;
}

interface IdFlags {
  db?: string;
  json?: boolean;
}

export function registerAlerts(program: Command): void {
  const alerts = program.command('alerts').description('rule alerts, z-score spikes and ML anomalies: list, show, ack, resolve, mark normal');

  alerts
    .command('list', { isDefault: true })
    .description('alerts, newest first')
    .addOption(dbOption())
    .option('--since <time>', 'alerts whose window ends at or after this time (ISO 8601, epoch, or a duration back from now like 2h)')
    .option('--until <time>', 'alerts whose window starts before this time')
    .addOption(new Option('--severity <level>', 'only this severity').choices(SEVERITIES))
    .option('--rule <name>', 'only alerts of this rule')
    .addOption(new Option('--status <status>', 'only alerts in this state').choices(['open', 'acked', 'resolved']))
    .addOption(new Option('--source <source>', 'only rule alerts, z-score spikes or ML anomalies').choices(['rule', 'zscore', 'ml']))
    .option('--service <name>', 'only alerts about this service')
    .option('--incident <id>', 'only alerts of this incident')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON')
    .action(async (flags: ListFlags) => {
      const query = {
        since: parseTime(flags.since, '--since'),
        until: parseTime(flags.until, '--until'),
        severity: flags.severity,
        rule: flags.rule,
        status: flags.status,
        source: flags.source,
        service: flags.service,
        incidentId: flags.incident === undefined ? undefined : parsePositiveInt(flags.incident, '--incident'),
        limit: parsePositiveInt(flags.limit, '--limit'),
      };
      const { rows } = await withStore(flags.db, (store) => store.listAlerts(query));
      if (flags.json) return printJson(rows);
      process.stdout.write(rows.length ? `${renderAlertTable(rows)}\n` : 'no alerts match\n');
    });

  alerts
    .command('show')
    .description('one alert: what fired, why, and its evidence lines')
    .argument('<id>', 'alert id')
    .addOption(dbOption())
    .option('--json', 'print JSON (the alert and its evidence lines)')
    .action(async (id: string, flags: IdFlags) => {
      const { alert, evidence } = await withStore(flags.db, async (store) => {
        const found = await requireAlert(store, id);
        const evidence = await store.getLogs(found.evidence);
        return { alert: found, evidence: evidence.sort((a, b) => a.ts - b.ts || a.id - b.id) };
      });
      if (flags.json) return printJson({ alert, evidence });
      process.stdout.write(renderAlert(alert, evidence.map(renderLog)));
    });

  for (const [verb, status] of [['ack', 'acked'], ['resolve', 'resolved']] as const) {
    alerts
      .command(verb)
      .description(verb === 'ack' ? 'acknowledge an alert: someone is on it' : 'mark an alert resolved')
      .argument('<id>', 'alert id')
      .addOption(dbOption())
      .action(async (id: string, flags: IdFlags) => {
        const alert = await withStore(flags.db, async (store) => store.setAlertStatus((await requireAlert(store, id)).id, status));
        process.stdout.write(`alert ${alert!.id} is ${status}\n`);
      });
  }

  alerts
    .command('normal')
    .description('mark an alert "not an anomaly": later alerts of the same rule and scope are dropped (--undo reverses)')
    .argument('<id>', 'alert id')
    .option('--undo', 'take the mark back')
    .addOption(dbOption())
    .action(async (id: string, flags: IdFlags & { undo?: boolean }) => {
      const alertId = parsePositiveInt(id, 'the alert id');
      const outcome = await withStore(flags.db, (store) => markAlertNormal(store, alertId, !flags.undo));
      if (outcome.kind !== 'done') throw new CliError(`there is no alert ${alertId}`);
      const { alert } = outcome.value;
      const family = `rule "${alert.ruleName}"${scopeText(alert.scope) === '-' ? '' : ` for ${scopeText(alert.scope)}`}`;
      process.stdout.write(
        flags.undo
          ? `alert ${alert.id} is no longer marked normal: alerts of ${family} are raised again\n`
          : `alert ${alert.id} is marked "not an anomaly": later alerts of ${family} are dropped\n`,
      );
    });
}

export async function requireAlert(store: Store, id: string): Promise<Alert> {
  const alertId = parsePositiveInt(id, 'the alert id');
  const alert = await store.getAlert(alertId);
  if (!alert) throw new CliError(`there is no alert ${alertId}`);
  return alert;
}

/** "service=auth ip=10.0.0.9", or "-" for an alert about everything. */
export function scopeText(scope: AlertScope): string {
  const parts = Object.entries(scope).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k === 'templateId' ? 'template' : k}=${v}`);
  return parts.length ? parts.join(' ') : '-';
}

export function renderAlertTable(alerts: readonly Alert[]): string {
  return table(
    ['ID', 'WINDOW END', 'SEVERITY', 'STATUS', 'SOURCE', 'RULE', 'SCOPE', 'INCIDENT', 'MESSAGE'],
    alerts.map((a) => [a.id, formatTs(a.windowEnd), a.severity, a.status, a.source, a.ruleName, scopeText(a.scope), a.incidentId ?? '-', a.message]),
  );
}

export function renderAlert(a: Alert, evidenceLines: readonly string[]): string {
  const out = [
    `alert #${a.id}: ${a.message}`,
    `severity   ${a.severity}`,
    `status     ${a.status}`,
    `source     ${a.source}${a.score === null ? '' : ` (score ${a.score.toFixed(2)})`}`,
    `rule       ${a.ruleName}`,
    `scope      ${scopeText(a.scope)}`,
    `window     ${formatTs(a.windowStart)} → ${formatTs(a.windowEnd)}`,
    `observed   ${a.observed} (threshold ${a.threshold})`,
    `incident   ${a.incidentId === null ? '-' : `#${a.incidentId}`}`,
  ];
  if (a.factors.length) out.push('factors:', ...a.factors.map((f) => `  - ${FACTOR_LABELS[f.kind]}: ${f.text}`));
  out.push(evidenceLines.length ? `evidence (${evidenceLines.length} line${evidenceLines.length === 1 ? '' : 's'}):` : 'evidence: no lines kept', ...evidenceLines.map((l) => `  ${l}`));
  return `${out.join('\n')}\n`;
}
