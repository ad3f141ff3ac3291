import type { Command } from 'commander';
import { FormatError } from '../../formats/index.js';
import { parseFile, ParseError, toParseCsv } from '../../pipeline/parse.js';
import { addFormatOptions, formatOptions, printJson, usageError, type FormatFlags } from '../common.js';
import { resolveInputs, InputError } from '../../sources/inputs.js';

interface ParseFlags extends FormatFlags {
  csv?: boolean;
  json?: boolean;
}

export function registerParse(program: Command): void {
  addFormatOptions(
    program
      .command('parse')
      .description('print line → template for a log file (no database); --csv writes LineId,EventId,EventTemplate for scoring')
      .argument('<file>', 'a log file (plain or .gz)'),
  )
    .option('--csv', 'write LineId,EventId,EventTemplate (LineId counts from 1 over the decoded lines)')
    .option('--json', 'print JSON')
    .action(async (file: string, flags: ParseFlags) => {
      await resolveInputs([file]).catch((err: unknown) => {
        throw err instanceof InputError ? usageError(err.message) : err;
      });
      const result = await parseFile(file, formatOptions(flags)).catch((err: unknown) => {
        if (err instanceof ParseError || err instanceof FormatError) throw usageError(err.message);
        throw err;
      });
      if (flags.csv) return void process.stdout.write(toParseCsv(result));
      if (flags.json) {
        return printJson({
          format: result.format,
          rejects: result.rejects,
          templates: result.clusters.map((c) => ({ text: c.text, count: c.count })),
          lines: result.lines.map((l) => ({ line: l.sourceLine, template: l.cluster.text })),
        });
      }
      for (const l of result.lines) process.stdout.write(`${l.sourceLine}\t${l.cluster.text}\n`);
      process.stderr.write(`${result.lines.length} lines, ${result.clusters.length} templates, ${result.rejects} rejected (${result.format})\n`);
    });
}
