import type { Command } from 'commander';
import { ingest, type IngestSummary } from '../../pipeline/ingest.js';
import { InputError, resolveInputs } from '../../sources/inputs.js';
import { FormatError } from '../../formats/index.js';
import { addFormatOptions, byteProgress, CliError, dbOption, formatOptions, notice, printJson, usageError, withStore, type FormatFlags } from '../common.js';

interface IngestFlags extends FormatFlags {
  db?: string;
  json?: boolean;
}

export function registerIngest(program: Command): void {
  addFormatOptions(
    program
      .command('ingest')
      .description('decode log files (plain or .gz, dirs, globs, - for stdin), mine templates and store them; re-running stores only new lines')
      .argument('<inputs...>', 'files, directories, globs, or - for standard input'),
  )
    .addOption(dbOption())
    .option('--json', 'print the summary as one JSON object')
    .action(async (inputs: string[], flags: IngestFlags) => {
      const summary = await runIngest(inputs, flags);
      if (flags.json) printJson(summary);
      else process.stdout.write(renderIngestSummary(summary));
      if (summary.files.some((f) => f.kind === 'failed')) process.exitCode = 1;
    });
}

export async function runIngest(inputs: string[], flags: IngestFlags): Promise<IngestSummary> {
  const files = await resolveInputs(inputs).catch((err: unknown) => {
    throw err instanceof InputError ? usageError(err.message) : err;
  });
  const progress = byteProgress('ingest');
  try {
    return await withStore(flags.db, (store) =>
      ingest(store, files, {
        ...formatOptions(flags),
        onProgress: (p) => progress.update(p.bytes, p.totalBytes),
        onNotice: flags.json ? undefined : notice,
      }),
    );
  } catch (err) {
    if (err instanceof FormatError) throw usageError(err.message);
    if (err instanceof CliError) throw err;
    throw err;
  } finally {
    progress.stop();
  }
}

export function renderIngestSummary(s: IngestSummary): string {
  const lines = [
    `lines read      ${s.linesRead}`,
    `records stored  ${s.recordsStored}`,
    `rejected        ${s.rejected}${Object.keys(s.rejectsByReason).length ? ` (${Object.entries(s.rejectsByReason).map(([r, n]) => `${r}: ${n}`).join(', ')})` : ''}`,
    `seconds         ${s.seconds.toFixed(2)}`,
    `lines/s         ${s.linesPerSec}`,
  ];
  for (const f of s.files) {
    if (f.kind === 'unchanged') lines.push(`${f.path}: nothing new since the last ingest`);
    if (f.kind === 'empty') lines.push(`${f.path}: empty file`);
    if (f.kind === 'failed') lines.push(`${f.path}: ${f.error}`);
  }
  return `${lines.join('\n')}\n`;
}
