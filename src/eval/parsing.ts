/**
 * Template-mining accuracy on Loghub's labelled 2k samples: mine each structured file's Content column
 * with the default miner and compare with the ground-truth templates (GA, PA, FGA).
 */
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { basename, join } from 'node:path';
import { createMiner, type MinedCluster } from '../mine/template-miner.js';
import type { MinerOptions } from '../mine/options.js';
import { genericTemplate } from '../mine/template-text.js';
import { csvField, readCsvObjects } from './parsing-csv.js';
import { parsingAccuracy, scoreGrouping } from './parsing-metrics.js';

/** Mine all lines in one group (the dataset), or one group per value of the Component column. */
export type GroupBy = 'dataset' | 'component';

export interface ParsingInput {
  /** Loghub `<X>_2k.log_structured.csv`: its Content column is what is mined. */
  structuredFile: string;
  /** The raw log beside it; recorded for reference, the Content column is used instead of parsing it. */
  logFile?: string;
  dataset?: string;
  miner?: Partial<MinerOptions>;
  groupBy?: GroupBy;
}

/** Per-line result of mining a structured file. */
export interface ParsedLog {
  dataset: string;
  /** Event id per line (`E1`, `E2`… in order of first appearance). */
  eventIds: string[];
  /** Our final template per line, variables as named masks. */
  templates: string[];
  /** Ground-truth template per line. */
  truth: string[];
}

export interface ParsingResult {
  dataset: string;
  lines: number;
  groupingAccuracy: number;
  parsingAccuracy: number;
  fga: number;
  /** Templates we found. */
  templates: number;
  truthTemplates: number;
}

function datasetName(structuredFile: string): string {
  return basename(structuredFile).replace(/_2k\.log_structured\.csv$|\.csv$/, '');
}

/** Mine the Content column of a structured file, streaming it. */
export async function parseStructured(input: ParsingInput): Promise<ParsedLog> {
  const miner = createMiner(input.miner);
  const clusters: MinedCluster[] = [];
  const truth: string[] = [];
  for await (const row of readCsvObjects(input.structuredFile)) {
    const group = input.groupBy === 'component' ? (row.Component ?? '') : '';
    clusters.push(miner.add(row.Content ?? '', group).cluster);
    truth.push(row.EventTemplate ?? '');
  }
  // Lines are grouped by their cluster's final template text, as Loghub's benchmark does (Drain's event id
  // is a hash of its template string): two clusters that generalised to the same template are one event.
  // A cluster merged into another reports its lines under the one it joined.
  const byKey = new Map(clusters.map((c) => [c.key, c]));
  const final = (c: MinedCluster): MinedCluster => (c.mergedInto === null ? c : final(byKey.get(c.mergedInto) ?? c));
  const finals = clusters.map(final);
  const event = (c: MinedCluster) => `${c.group}\u001f${c.text}`;
  const eventIds = new Map<string, string>();
  for (const c of finals) if (!eventIds.has(event(c))) eventIds.set(event(c), `E${eventIds.size + 1}`);
  return {
    dataset: input.dataset ?? datasetName(input.structuredFile),
    eventIds: finals.map((c) => eventIds.get(event(c))!),
    // A template is read once mining is over: the lines of a cluster share its final form.
    templates: finals.map((c) => c.text),
    truth,
  };
}

/** Score a mined log against its ground truth; PA compares with every named mask shown as `<*>`. */
export function scoreParsed(parsed: ParsedLog): ParsingResult {
  const grouping = scoreGrouping(parsed.eventIds, parsed.truth);
  return {
    dataset: parsed.dataset,
    lines: parsed.eventIds.length,
    groupingAccuracy: grouping.groupingAccuracy,
    parsingAccuracy: parsingAccuracy(parsed.templates.map(genericTemplate), parsed.truth),
    fga: grouping.fga,
    templates: grouping.predictedGroups,
    truthTemplates: grouping.truthGroups,
  };
}

export async function evaluateParsing(input: ParsingInput): Promise<ParsingResult> {
  return scoreParsed(await parseStructured(input));
}

/** Write `LineId,EventId,EventTemplate` (LineId from 1), templates in Loghub's `<*>` form unless `named`. */
export async function writeParseCsv(path: string, parsed: ParsedLog, opts: { named?: boolean } = {}): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('LineId,EventId,EventTemplate\n');
  for (let i = 0; i < parsed.eventIds.length; i++) {
    const template = opts.named ? parsed.templates[i] : genericTemplate(parsed.templates[i]);
    await write(`${i + 1},${parsed.eventIds[i]},${csvField(template)}\n`);
  }
  out.end();
  await once(out, 'finish');
}

export const PARSING_DATASETS = ['Android', 'Apache', 'BGL', 'HDFS', 'Hadoop', 'HealthApp', 'Linux', 'OpenSSH', 'Spark', 'Zookeeper'] as const;

/** Published grouping accuracy: Drain tuned per dataset (Zhu et al. 2019) and Drain3 with its defaults. */
export const REFERENCE_GA: Record<string, { drainTuned: number; drain3Default?: number }> = {
  Android: { drainTuned: 0.911, drain3Default: 0.734 },
  Apache: { drainTuned: 1.0 },
  BGL: { drainTuned: 0.963, drain3Default: 0.969 },
  HDFS: { drainTuned: 0.998 },
  Hadoop: { drainTuned: 0.948 },
  HealthApp: { drainTuned: 0.78, drain3Default: 0.901 },
  Linux: { drainTuned: 0.69, drain3Default: 0.687 },
  OpenSSH: { drainTuned: 0.788, drain3Default: 0.718 },
  Spark: { drainTuned: 0.92 },
  Zookeeper: { drainTuned: 0.967 },
};

export interface ParsingEvalReport {
  /** Set when the data directory is absent: why nothing ran. */
  skipped?: string;
  rows: ParsingResult[];
  average: { groupingAccuracy: number; parsingAccuracy: number; fga: number; drainTuned: number };
}

/** Evaluate every Loghub 2k dataset found under `dataDir` (e.g. `../shared/data/loghub-2k`). */
export async function runParsingEval(dataDir: string, opts: Pick<ParsingInput, 'miner' | 'groupBy'> = {}): Promise<ParsingEvalReport> {
  const empty = { groupingAccuracy: 0, parsingAccuracy: 0, fga: 0, drainTuned: 0 };
  if (!existsSync(dataDir)) return { skipped: `no Loghub data at ${dataDir}: parsing eval skipped`, rows: [], average: empty };
  const rows: ParsingResult[] = [];
  for (const dataset of PARSING_DATASETS) {
    const structuredFile = join(dataDir, dataset, `${dataset}_2k.log_structured.csv`);
    if (!existsSync(structuredFile)) continue;
    rows.push(await evaluateParsing({ ...opts, structuredFile, logFile: join(dataDir, dataset, `${dataset}_2k.log`), dataset }));
  }
  if (rows.length === 0) return { skipped: `no <X>_2k.log_structured.csv under ${dataDir}: parsing eval skipped`, rows, average: empty };
  const mean = (f: (r: ParsingResult) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
  return {
    rows,
    average: {
      groupingAccuracy: mean((r) => r.groupingAccuracy),
      parsingAccuracy: mean((r) => r.parsingAccuracy),
      fga: mean((r) => r.fga),
      drainTuned: mean((r) => REFERENCE_GA[r.dataset]?.drainTuned ?? 0),
    },
  };
}

/** The report as a fixed-width table, our GA beside the references. */
export function formatParsingReport(report: ParsingEvalReport): string {
  if (report.skipped) return report.skipped;
  const f = (x: number | undefined) => (x === undefined ? '    -' : x.toFixed(3));
  const lines = ['dataset      GA     PA     FGA   tmpl/truth  Drain-tuned  Drain3-default'];
  for (const r of report.rows) {
    const ref = REFERENCE_GA[r.dataset];
    lines.push(
      `${r.dataset.padEnd(10)} ${f(r.groupingAccuracy)}  ${f(r.parsingAccuracy)}  ${f(r.fga)}  ${`${r.templates}/${r.truthTemplates}`.padStart(9)}  ${f(ref?.drainTuned).padStart(11)}  ${f(ref?.drain3Default).padStart(14)}`,
    );
  }
  const a = report.average;
  lines.push(`${'average'.padEnd(10)} ${f(a.groupingAccuracy)}  ${f(a.parsingAccuracy)}  ${f(a.fga)}  ${''.padStart(9)}  ${f(a.drainTuned).padStart(11)}`);
  return lines.join('\n');
}
