/**
 * `logtrack incidents`: related alerts grouped into one problem. List them, show one as the
 * report (each anomaly with its score, time, line and factors, then the related lines of the
 * incident), acknowledge or resolve one (its alerts with it).
 */
import { Option, type Command } from 'commander';
import type { Alert, Incident, IncidentStatus } from '../../domain/index.js';
import { renderIncidentJson, renderIncidentReport, type ReportLog, type ReportTemplate } from '../../incidents/index.js';
import type { Store } from '../../store/store.js';
import { CliError, dbOption, formatTs, parsePositiveInt, parseTime, printJson, table, withStore } from '../common.js';

interface ListFlags {
  db?: string;
  status?: IncidentStatus;
  since?: string;
  limit: string;
  json?: boolean;
}

interface IdFlags {
  db?: string;
  json?: boolean;
}

/** Most member alerts read for one incident (the server reads as many). */
const MAX_MEMBERS = 1000;

export function registerIncidents(program: Command): void {
  const incidents = program.command('incidents').description('related alerts grouped into incidents: list, show the report, ack, resolve');

  incidents
    .command('list', { isDefault: true })
    .description('incidents, newest first')
    .addOption(dbOption())
    .addOption(new Option('--status <status>', 'only incidents in this state').choices(['open', 'acked', 'resolved']))
    .option('--since <time>', 'incidents ending at or after this time (ISO 8601, epoch, or a duration back from now like 2h)')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON')
    .action(async (flags: ListFlags) => {
      const query = { status: flags.status, since: parseTime(flags.since, '--since'), limit: parsePositiveInt(flags.limit, '--limit') };
      const { rows } = await withStore(flags.db, (store) => store.listIncidents(query));
      if (flags.json) return printJson(rows);
      process.stdout.write(rows.length ? `${renderIncidentTable(rows)}\n` : 'no incidents match\n');
    });

  incidents
    .command('show')
    .description('the incident report: each anomaly with its score, time, line and factors, and the related lines')
    .argument('<id>', 'incident id')
    .addOption(dbOption())
    .option('--json', 'print the report as JSON')
    .action(async (id: string, flags: IdFlags) => {
      const input = await withStore(flags.db, (store) => reportInput(store, id));
      if (flags.json) printJson(renderIncidentJson(input.incident, input.alerts, input.logs, input.templates));
      else process.stdout.write(renderIncidentReport(input.incident, input.alerts, input.logs, input.templates));
    });

  for (const [verb, status] of [['ack', 'acked'], ['resolve', 'resolved']] as const) {
    incidents
      .command(verb)
      .description(verb === 'ack' ? 'acknowledge an incident and its open alerts: someone is on it' : 'resolve an incident and its alerts')
      .argument('<id>', 'incident id')
      .addOption(dbOption())
      .action(async (id: string, flags: IdFlags) => {
        const incident = await withStore(flags.db, (store) => setIncidentStatus(store, id, status));
        process.stdout.write(`incident ${incident.id} "${incident.title}" is ${status}\n`);
      });
  }
}

interface ReportInput {
  incident: Incident;
  alerts: Alert[];
  logs: Map<number, ReportLog>;
  templates: Map<number, ReportTemplate>;
}

/** The incident, its member alerts, their evidence lines and those lines' templates. */
async function reportInput(store: Store, id: string): Promise<ReportInput> {
  const incident = await requireIncident(store, id);
  const alerts = await membersOf(store, incident.id);
  const logs = await store.getLogs([...new Set(alerts.flatMap((a) => a.evidence))]);
  const templateIds = new Set([
    ...logs.flatMap((l) => (l.templateId === null ? [] : [l.templateId])),
    ...alerts.flatMap((a) => (a.scope.templateId === undefined ? [] : [a.scope.templateId])),
  ]);
  const templates = templateIds.size ? await store.getTemplates([...templateIds]) : [];
  return {
    incident,
    alerts,
    logs: new Map(logs.map((l) => [l.id, l])),
    templates: new Map(templates.map((t) => [t.id, t])),
  };
}

/** Ack: the incident and its open alerts. Resolve: the incident and every alert of it. */
async function setIncidentStatus(store: Store, id: string, status: Exclude<IncidentStatus, 'open'>): Promise<Incident> {
  const incident = await requireIncident(store, id);
  for (const alert of await membersOf(store, incident.id)) {
    if (alert.status === 'open' || status === 'resolved') await store.setAlertStatus(alert.id, status);
  }
  const now = Date.now();
  return (await store.updateIncident(incident.id, { status, updatedAt: now, resolvedAt: status === 'resolved' ? now : null }))!;
}

async function membersOf(store: Store, incidentId: number): Promise<Alert[]> {
  return (await store.listAlerts({ incidentId, limit: MAX_MEMBERS })).rows;
}

async function requireIncident(store: Store, id: string): Promise<Incident> {
  const incidentId = parsePositiveInt(id, 'the incident id');
  const incident = await store.getIncident(incidentId);
  if (!incident) throw new CliError(`there is no incident ${incidentId}`);
  return incident;
}

export function renderIncidentTable(incidents: readonly Incident[]): string {
  return table(
    ['ID', 'STATUS', 'SEVERITY', 'START', 'END', 'ALERTS', 'SERVICES', 'TITLE'],
    incidents.map((i) => [i.id, i.status, i.severity, formatTs(i.start), formatTs(i.end), i.members.length, i.services.join(',') || '-', i.title]),
  );
}
