/** `logtrack synth --out DIR [--days N] [--seed S]`: write sample logs with labelled anomalies. */
import type { Command } from 'commander';
import { parseTime, printJson, table, usageError } from '../common.js';
import { generateSynth, synthOptionsError, type SynthOptions } from '../../synth/synth.js';
import type { SynthSummary } from '../../synth/types.js';

interface SynthFlags {
  out: string;
  days: string;
  seed: string;
  start?: string;
  linesPerDay?: string;
  json?: boolean;
}

export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description('write sample multi-service logs with labelled injected anomalies (and labels.json)')
    .requiredOption('--out <dir>', 'output directory')
    .option('--days <n>', 'length of the run in days (at least 0.5)', '1')
    .option('--seed <n>', 'random seed: the same seed writes the same files', '42')
    .option('--start <time>', 'time of the first line (ISO 8601 or epoch; default 2026-01-05T00:00:00Z)')
    .option('--lines-per-day <n>', 'approximate lines per day (default 73000)')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: SynthFlags) => {
      const opts: SynthOptions = {
        outDir: flags.out,
        days: Number(flags.days),
        seed: Number(flags.seed),
        start: parseTime(flags.start, '--start'),
        linesPerDay: flags.linesPerDay === undefined ? undefined : Number(flags.linesPerDay),
      };
      const problem = synthOptionsError(opts);
      if (problem) throw usageError(problem);
      const summary = await generateSynth(opts);
      if (flags.json) printJson(summary);
      else process.stdout.write(render(summary, flags.out));
    });
}

function render(summary: SynthSummary, out: string): string {
  const iso = (ts: number): string => new Date(ts).toISOString();
  const files = table(
    ['file', 'format', 'lines'],
    summary.files.map((f) => [f.file, f.preset ? `${f.format} (preset ${f.preset})` : f.format, f.lines]),
  );
  const scenarios = table(
    ['scenario', 'file', 'start', 'lines'],
    summary.scenarios.map((s) => [s.scenario, s.file, iso(s.start), s.lines.length]),
  );
  return `Wrote ${out} (seed ${summary.seed}, ${iso(summary.start)} to ${iso(summary.end)}):\n${files}\n\nInjected anomalies (labels.json):\n${scenarios}\n`;
}
