import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { runDetectionEval, type ProtocolName } from '../../eval/detection.js';
import { runIngestEval } from '../../eval/ingest-eval.js';
import { evaluateParsing, formatParsingReport, runParsingEval } from '../../eval/parsing.js';
import { printJson, table, usageError } from '../common.js';

const DEFAULT_DATA = '../shared/data';

interface EvalFlags {
  data: string;
  json?: boolean;
}

export function registerEval(program: Command): void {
  const cmd = program
    .command('eval')
    .description('accuracy on the public labelled logs in ../shared/data: ingest (zero rejects), parsing (GA/PA/FGA) and detection (P/R/F1)')
    .option('--data <dir>', 'the shared data folder', DEFAULT_DATA)
    .option('--json', 'print JSON')
    .action(async (flags: EvalFlags) => {
      const data = resolve(flags.data);
      const ingest = await runIngestEval(data);
      const parsing = await runParsingEval(join(data, 'loghub-2k'));
      const detection = await runDetectionEval(data);
      if (flags.json) return printJson({ ingest, parsing, detection: { rows: detection.rows, skipped: detection.skipped } });
      printIngest(ingest);
      process.stdout.write(`\n${formatParsingReport(parsing)}\n`);
      process.stdout.write(`\n${detection.text}\n`);
    });

  cmd
    .command('ingest')
    .description('every Loghub 2k log decodes with its preset, auto-detected, with zero rejects')
    .option('--data <dir>', 'the shared data folder', DEFAULT_DATA)
    .option('--json', 'print JSON')
    .action(async (flags: EvalFlags) => {
      const outcome = await runIngestEval(resolve(flags.data));
      if (flags.json) printJson(outcome);
      else printIngest(outcome);
    });

  cmd
    .command('parse')
    .description('parsing accuracy (GA, PA, FGA) of the miner on Loghub 2k, beside Drain and Drain3; or on one --log/--structured pair')
    .option('--data <dir>', 'the shared data folder', DEFAULT_DATA)
    .option('--log <file>', 'one raw log (X_2k.log)')
    .option('--structured <file>', "its ground truth (X_2k.log_structured.csv); the Content column is what is mined")
    .option('--json', 'print JSON')
    .action(async (flags: EvalFlags & { log?: string; structured?: string }) => {
      if (flags.log || flags.structured) {
        if (!flags.structured) throw usageError('--structured is required: the ground-truth CSV of the log');
        const result = await evaluateParsing({ structuredFile: flags.structured });
        if (flags.json) return printJson(result);
        return void process.stdout.write(
          `GA ${result.groupingAccuracy.toFixed(3)}  PA ${result.parsingAccuracy.toFixed(3)}  FGA ${result.fga.toFixed(3)}  (${result.templates} templates, truth ${result.truthTemplates})\n`,
        );
      }
      const report = await runParsingEval(join(resolve(flags.data), 'loghub-2k'));
      if (flags.json) printJson(report);
      else process.stdout.write(`${formatParsingReport(report)}\n`);
    });

  cmd
    .command('detect')
    .description('detection accuracy on HDFS sessions, BGL 2k and HDFS raw subsets, beside published peers')
    .option('--data <dir>', 'the shared data folder', DEFAULT_DATA)
    .option('--protocol <name...>', 'only these: hdfs-sequences, bgl, hdfs-head, hdfs-2k')
    .option('--json', 'print JSON')
    .action(async (flags: EvalFlags & { protocol?: string[] }) => {
      const known = ['hdfs-sequences', 'bgl', 'hdfs-head', 'hdfs-2k'];
      const bad = flags.protocol?.find((p) => !known.includes(p));
      if (bad) throw usageError(`--protocol must be one of ${known.join(', ')}, got "${bad}"`);
      const result = await runDetectionEval(resolve(flags.data), flags.protocol as ProtocolName[] | undefined);
      if (flags.json) printJson({ rows: result.rows, skipped: result.skipped });
      else process.stdout.write(`${result.text}\n`);
    });
}

function printIngest(outcome: Awaited<ReturnType<typeof runIngestEval>>): void {
  if (outcome.kind === 'skipped') return void process.stdout.write(`${outcome.reason}\n`);
  process.stdout.write('Ingest of Loghub 2k (every log must be auto-detected as its preset and decode with zero rejects)\n');
  process.stdout.write(
    `${table(
      ['dataset', 'auto-detected', 'lines', 'records', 'rejects', 'ok'],
      outcome.rows.map((r) => [r.dataset, r.detected, r.lines, r.records, r.rejects, r.rejects === 0 && r.detected.includes(r.expectedPreset) ? 'yes' : 'NO']),
    )}\n`,
  );
}
