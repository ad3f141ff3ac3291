import type { Command } from 'commander';
import { loadModel, type MlModel } from '../../detect/ml/model.js';
import { atSensitivity, type Sensitivity } from '../../detect/ml/threshold.js';
import { renderIncidentJson, renderIncidentReport } from '../../incidents/index.js';
import { scan, type ScanResult } from '../../pipeline/scan.js';
import { InputError, resolveInputs } from '../../sources/inputs.js';
import { openStore, resolveDbLocation } from '../../store/open.js';
import { addFormatOptions, CliError, formatOptions, notice, printJson, redact, usageError, type FormatFlags } from '../common.js';

interface ScanFlags extends FormatFlags {
  model: string;
  input: string[];
  db?: string;
  output: 'text' | 'json';
  sensitivity?: string;
}

export function registerScan(program: Command): void {
  addFormatOptions(
    program
      .command('scan')
      .description('score log files with a trained model and report anomalies grouped into incidents, with explanations')
      .requiredOption('--model <dir>', 'a model folder written by logtrack train')
      .requiredOption('--input <files...>', 'the logs to scan'),
  )
    .option('--db <location>', 'also store the lines and anomalies in this database (SQLite file or postgres:// URL)')
    .option('--sensitivity <level>', 'low (0.1% false positives on held-out normal data), medium (1%) or high (5%); default: as trained')
    .option('--output <format>', 'text or json', 'text')
    .option('--json', 'the same as --output json')
    .action(async (flags: ScanFlags & { json?: boolean }) => {
      // `--format` selects the input format (shared with ingest); the report format is --output (or --json).
      if (!['text', 'json'].includes(flags.output)) throw usageError(`--output must be text or json, got "${flags.output}"`);
      const loaded = await loadModel(flags.model);
      if (!loaded.ok) throw new CliError(loaded.reason);
      const model = flags.sensitivity === undefined ? loaded.model : withSensitivity(loaded.model, flags.sensitivity, flags.model);
      const files = await resolveInputs(flags.input).catch((err: unknown) => {
        throw err instanceof InputError ? usageError(err.message) : err;
      });
      const json = flags.output === 'json' || flags.json === true;
      const where = flags.db ? resolveDbLocation(flags.db) : null;
      const store = where ? await openStore(where).catch((err: Error) => {
        throw new CliError(`cannot open the database at ${redact(where)}: ${err.message}`);
      }) : undefined;
      try {
        const result = await scan(model, files, { ...formatOptions(flags), store, onNotice: json ? undefined : notice });
        if (json) printJson(toJson(result));
        else process.stdout.write(render(result));
      } finally {
        await store?.close();
      }
    });
}

function withSensitivity(model: MlModel, level: string, dir: string): MlModel {
  if (!['low', 'medium', 'high'].includes(level)) throw usageError(`--sensitivity must be low, medium or high, got "${level}"`);
  const thresholds = atSensitivity(model.thresholds, level as Sensitivity);
  if (!thresholds) throw new CliError(`the model in ${dir} has no thresholds per sensitivity; train it again to choose one at scan time`);
  return { ...model, thresholds };
}

function render(r: ScanResult): string {
  const out = [`Scanned ${r.ingest.linesRead} log lines`, `Found ${r.anomalies.length} anomalies in ${r.incidents.length} incident groups`, ''];
  for (const incident of r.incidents) {
    const members = r.anomalies.filter((a) => a.incidentId === incident.id);
    out.push(renderIncidentReport({ ...incident, members: members.map((a) => a.id) }, members, r.logs, r.templates));
  }
  return `${out.join('\n')}\n`;
}

function toJson(r: ScanResult) {
  return {
    scanned: r.ingest.linesRead,
    rejected: r.ingest.rejected,
    scored: r.scored,
    anomalies: r.anomalies.length,
    incidents: r.incidents.map((incident) => {
      const members = r.anomalies.filter((a) => a.incidentId === incident.id);
      return renderIncidentJson({ ...incident, members: members.map((a) => a.id) }, members, r.logs, r.templates);
    }),
  };
}
