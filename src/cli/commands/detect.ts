/**
 * `logtrack detect`: run the rules (and, with --model, a trained model) over the records stored
 * since the last run or over a time range, group the new alerts into incidents, and optionally
 * notify. Prints the new alerts and the incidents opened or extended; a second run over the same
 * data says nothing new was found.
 */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { DetectProgress, RuleReport } from '../../detect/detect.js';
import { detectAndGroup, type DetectAndGroupOptions, type DetectAndGroupResult, type MlScorer } from '../../pipeline/detect-run.js';
import type { Store } from '../../store/store.js';
import { dbOption, notice, parseTime, printJson, usageError, withStore } from '../common.js';
import { renderAlertTable } from './alerts.js';
import { renderIncidentTable } from './incidents.js';
import { loadScorer } from './ml-scorer.js';
import { readNotifyConfig } from './notify.js';
import { requireRule } from './rules.js';

interface DetectFlags {
  db?: string;
  since?: string;
  until?: string;
  rule: string[];
  zscore: boolean;
  ml?: boolean;
  model?: string;
  notify?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerDetect(program: Command): void {
  program
    .command('detect')
    .description('run the rules over records stored since the last run, group new alerts into incidents, and notify')
    .addOption(dbOption())
    .option('--since <time>', 'examine this time range instead of new records: from (ISO 8601, epoch, or a duration back from now like 2h)')
    .option('--until <time>', 'examine the time range up to this time')
    .option('--rule <name>', 'run only this rule, even if disabled (repeatable)', collect, [])
    .option('--no-zscore', 'skip the z-score rules')
    .option('--ml', 'also score records with a trained model (needs --model)')
    .option('--model <dir>', 'score records with the model trained into this folder (implies --ml)')
    .option('--notify <file>', 'send the incidents opened, extended or reopened to the channels of this notification config')
    .option('--json', 'print the result as JSON')
    .action(async (flags: DetectFlags) => {
      const opts: DetectAndGroupOptions = {
        since: parseTime(flags.since, '--since'),
        until: parseTime(flags.until, '--until'),
        zscore: flags.zscore,
      };
      if (flags.rule.length > 0) opts.rules = flags.rule;
      if (flags.ml || flags.model !== undefined) opts.ml = await modelScorer(flags);
      if (flags.notify !== undefined) opts.notify = await readNotifyConfig(flags.notify);

      const progress = recordProgress(flags.json === true);
      const result = await withStore(flags.db, async (store) => {
        await requireRules(store, flags.rule);
        return detectAndGroup(store, { ...opts, onProgress: progress.update });
      }).finally(progress.stop);

      for (const [name, report] of Object.entries(result.detection.perRule)) {
        const problem = ruleProblem(report);
        if (problem) notice(`rule "${name}" did not run: ${problem}`);
      }
      if (flags.json) printJson(detectJson(result));
      else process.stdout.write(renderDetectResult(result, { range: opts.since !== undefined || opts.until !== undefined }));
    });
}

/** --model DIR scores with the trained model saved there; --ml says so explicitly and needs it. */
async function modelScorer(flags: DetectFlags): Promise<MlScorer> {
  if (flags.model === undefined) throw usageError('--ml needs --model DIR: the folder of a model trained with `logtrack train`');
  return loadScorer(flags.model);
}

async function requireRules(store: Store, names: readonly string[]): Promise<void> {
  for (const name of names) await requireRule(store, name);
}

function ruleProblem(report: RuleReport): string | null {
  if (report.kind === 'invalid') return report.message;
  if (report.kind === 'not_found') return 'there is no such rule';
  return null;
}

export function renderDetectResult(r: DetectAndGroupResult, opts: { range: boolean }): string {
  const { detection, incidents } = r;
  const alerts = [...detection.alerts, ...(r.ml?.alerts ?? [])];
  const ran = Object.values(detection.perRule).filter((p) => p.kind === 'ran').length;
  const suppressed = Object.values(detection.perRule).reduce((n, p) => n + (p.kind === 'ran' ? p.suppressed : 0), 0) + (r.ml?.suppressed ?? 0);
  const out: string[] = [];
  const detectors = [ran > 0 ? plural(ran, 'rule') : null, r.ml ? 'the model' : null].filter((d) => d !== null).join(' and ');
  const count = ran > 0 ? detection.examined : (r.ml?.scored ?? 0);
  const examined = `examined ${plural(count, 'record')} with ${detectors}`;
  if (!detectors) out.push('no enabled rules ran: `logtrack init` loads the starter rules');
  else if (alerts.length > 0) out.push(`${examined}: ${plural(alerts.length, 'new alert')}`, renderAlertTable(alerts));
  else if (count > 0) out.push(`${examined}: nothing new found`);
  else out.push(`nothing new found: ${opts.range ? 'no records in that time range' : 'no records stored since the last run'}`);
  if (suppressed > 0) out.push(`${plural(suppressed, 'alert')} dropped by silences or "normal" marks`);

  const changed = [
    ...incidents.opened.map((i) => ({ ...i, change: 'opened' })),
    ...incidents.reopened.map((i) => ({ ...i, change: 'reopened' })),
    ...incidents.extended.map((i) => ({ ...i, change: 'extended' })),
  ];
  if (changed.length > 0) {
    const counts = [`${incidents.opened.length} opened`, `${incidents.extended.length} extended`];
    if (incidents.reopened.length) counts.push(`${incidents.reopened.length} reopened`);
    out.push('', `incidents: ${counts.join(', ')}`, renderIncidentTable(changed));
  }
  if (r.notified) out.push('', ...renderNotified(r.notified));
  return `${out.join('\n')}\n`;
}

function renderNotified(n: NonNullable<DetectAndGroupResult['notified']>): string[] {
  const lines = n.incidents.map(({ incident, result }) => {
    if (result.kind === 'silenced') return `incident ${incident.id}: silenced, not sent`;
    if (result.kind === 'unrouted') return `incident ${incident.id}: no route matches, not sent`;
    return `incident ${incident.id}: ${result.results.map((c) => `${c.channel} ${c.kind}${'error' in c ? ` (${c.error})` : ''}`).join(', ')}`;
  });
  if (n.retried.length) lines.push(`retried ${n.retried.length} earlier deliver${n.retried.length === 1 ? 'y' : 'ies'}: ${n.retried.map((c) => `${c.channel} ${c.kind}`).join(', ')}`);
  return lines.length ? ['notifications:', ...lines.map((l) => `  ${l}`)] : ['notifications: nothing to send'];
}

function detectJson(r: DetectAndGroupResult) {
  const ids = (list: readonly { id: number }[]) => list.map((i) => i.id);
  return {
    examined: r.detection.examined,
    perRule: r.detection.perRule,
    alerts: [...r.detection.alerts, ...(r.ml?.alerts ?? [])],
    incidents: { opened: r.incidents.opened, extended: r.incidents.extended, reopened: r.incidents.reopened, attached: ids(r.incidents.attached) },
    ...(r.ml ? { ml: { scored: r.ml.scored, alerts: r.ml.alerts.length, suppressed: r.ml.suppressed } } : {}),
    ...(r.notified ? { notified: r.notified } : {}),
  };
}

/** Runs shorter than this many records finish before a bar would help. */
const PROGRESS_MIN_RECORDS = 50_000;

/** A record-count bar on a TTY (stderr) for long runs; silent otherwise. */
function recordProgress(quiet: boolean): { update(p: DetectProgress): void; stop(): void } {
  if (quiet || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: 'detect [{bar}] {percentage}% {value}/{total} records {duration}s', stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      if (!started && p.total < PROGRESS_MIN_RECORDS) return;
      if (!started) bar.start(p.total, 0);
      started = true;
      bar.update(Math.min(p.examined, p.total));
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
