import type { Command } from 'commander';
import type { Alert } from '../../domain/index.js';
import { renderIncidentReport } from '../../incidents/index.js';
import { detectAndGroup } from '../../pipeline/detect-run.js';
import { watch } from '../../pipeline/watch.js';
import type { Store } from '../../store/store.js';
import { addFormatOptions, dbOption, formatOptions, notice, parsePositiveInt, withStore, type FormatFlags } from '../common.js';
import { loadScorer } from './ml-scorer.js';
import { readNotifyConfig } from './notify.js';

interface WatchFlags extends FormatFlags {
  db?: string;
  fromEnd?: boolean;
  learn?: boolean;
  model?: string;
  notify?: string;
  pollMs: string;
  json?: boolean;
}

export function registerWatch(program: Command): void {
  addFormatOptions(
    program
      .command('watch')
      .description('follow files like tail -F (rotation, truncation, restarts) and detect anomalies as lines arrive')
      .argument('<paths...>', 'files, directories or globs to follow'),
  )
    .addOption(dbOption())
    .option('--from-end', 'start new files at their end instead of their beginning')
    .option('--learn', 'learn new templates while watching (default: match-only)')
    .option('--model <dir>', 'score lines with a trained model (logtrack train)')
    .option('--notify <file>', 'notify the incidents that new lines open, extend or reopen (a notification config)')
    .option('--poll-ms <n>', 'how often files are checked, in milliseconds', '200')
    .option('--json', 'print alerts as JSON lines')
    .action(async (paths: string[], flags: WatchFlags) => {
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await withStore(flags.db, async (store) => {
        const scorer = flags.model ? await loadScorer(flags.model) : null;
        const notify = flags.notify !== undefined ? await readNotifyConfig(flags.notify) : null;
        notice(`watching ${paths.join(', ')} (Ctrl-C to stop)`);
        const stats = await watch(store, {
          ...formatOptions(flags),
          patterns: paths,
          fromEnd: flags.fromEnd,
          learn: flags.learn,
          pollMs: parsePositiveInt(flags.pollMs, '--poll-ms'),
          signal: controller.signal,
          onNotice: notice,
          afterStore: async () => {
            const result = await detectAndGroup(store, { now: Date.now(), ml: scorer, notify });
            return [...result.detection.alerts, ...(result.ml?.alerts ?? [])];
          },
          onAlerts: (alerts) => printAlerts(store, alerts, !!flags.json),
        });
        notice(`stopped: ${stats.lines} lines, ${stats.records} records, ${stats.rejects} rejected, ${stats.alerts} alerts`);
      });
    });
}

/** Print new alerts in the spec's "ANOMALY DETECTED" form, grouped by the incident each joined. */
async function printAlerts(store: Store, alerts: Alert[], json: boolean): Promise<void> {
  const fresh = await Promise.all(alerts.map((a) => store.getAlert(a.id)));
  const byIncident = new Map<number, Alert[]>();
  for (const a of fresh) if (a) byIncident.set(a.incidentId ?? -a.id, [...(byIncident.get(a.incidentId ?? -a.id) ?? []), a]);
  for (const [incidentId, members] of byIncident) {
    const incident = incidentId > 0 ? await store.getIncident(incidentId) : null;
    const logs = await store.getLogs([...new Set(members.flatMap((a) => a.evidence))]);
    if (json) {
      for (const a of members) process.stdout.write(`${JSON.stringify({ alert: a, incident: incident?.id ?? null, lines: logs.filter((l) => a.evidence.includes(l.id)) })}\n`);
      continue;
    }
    if (!incident) continue;
    const templates = await store.getTemplates([...new Set(logs.map((l) => l.templateId).filter((t): t is number => t !== null))]);
    const report = renderIncidentReport(
      { ...incident, members: members.map((a) => a.id) }, members,
      new Map(logs.map((l) => [l.id, l])), new Map(templates.map((t) => [t.id, t])),
      { utcOffsetMinutes: 0, maxAnomalies: 5, maxRelated: 3 },
    );
    process.stdout.write(`${report}\n`);
  }
}
