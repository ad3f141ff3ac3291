import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MIN_RUN_MS, planScenarios } from './plan.js';
import { createRng, deriveSeed } from './prng.js';
import { accessService } from './services/access.js';
import { authService } from './services/auth.js';
import { batchService } from './services/batch.js';
import { dbService } from './services/db.js';
import { DAY, MINUTE, SCENARIOS, type SynthFormat, type SynthService, type SynthSummary } from './types.js';
import { writeEvents } from './write.js';

export const SYNTH_SERVICES: readonly SynthService[] = [accessService, authService, dbService, batchService];

/** How to decode each generated file (`logtrack ingest --format F [--preset P]`), by file name. */
export const SYNTH_FORMATS: Readonly<Record<string, SynthFormat>> = Object.fromEntries(SYNTH_SERVICES.map((s) => [s.file, s.decode]));

export const LABELS_FILE = 'labels.json';

export interface SynthOptions {
  outDir: string;
  /** Length of the run in days (fractions allowed, at least half a day). */
  days?: number;
  seed?: number;
  /** Epoch ms of the first line; rounded down to a whole minute. */
  start?: number;
  /** Approximate total lines per day; scales the traffic-driven services (the batch job keeps its schedule). */
  linesPerDay?: number;
}

export const DEFAULT_SYNTH = {
  days: 1,
  seed: 42,
  start: Date.UTC(2026, 0, 5),
  linesPerDay: 73_000,
} as const satisfies Omit<SynthOptions, 'outDir'>;

/** Lines per day the services produce at scale 1 (measured with the default seed). */
const LINES_PER_DAY_AT_SCALE_1 = 73_000;

/** The options with defaults applied (an explicit `undefined` means "default" too). */
function resolve(opts: SynthOptions): Required<SynthOptions> {
  return {
    outDir: opts.outDir,
    days: opts.days ?? DEFAULT_SYNTH.days,
    seed: opts.seed ?? DEFAULT_SYNTH.seed,
    start: opts.start ?? DEFAULT_SYNTH.start,
    linesPerDay: opts.linesPerDay ?? DEFAULT_SYNTH.linesPerDay,
  };
}

/** Why the options cannot produce a run, or null when they can. */
export function synthOptionsError(opts: SynthOptions): string | null {
  const { outDir, days, seed, start, linesPerDay } = resolve(opts);
  if (!outDir) return 'The output directory is required.';
  if (!Number.isFinite(days) || days * DAY < MIN_RUN_MS) return `days must be a number of at least ${MIN_RUN_MS / DAY} (got ${days}).`;
  if (!Number.isInteger(seed)) return `seed must be an integer (got ${seed}).`;
  if (!Number.isFinite(start)) return `start must be an epoch-millisecond time (got ${start}).`;
  if (!Number.isFinite(linesPerDay) || linesPerDay < 1_000) return `linesPerDay must be at least 1000 (got ${linesPerDay}).`;
  return null;
}

/**
 * Write realistic multi-service logs with labelled injected anomalies into `outDir`, plus labels.json.
 * Deterministic for a seed; streamed file by file, so memory stays flat for multi-day runs.
 */
export async function generateSynth(opts: SynthOptions): Promise<SynthSummary> {
  const problem = synthOptionsError(opts);
  if (problem) throw new RangeError(problem);
  const { outDir, days, seed, linesPerDay, start: firstLine } = resolve(opts);
  const start = Math.floor(firstLine / MINUTE) * MINUTE;
  const end = start + Math.round(days * DAY);
  const plan = planScenarios(createRng(deriveSeed(seed, 'plan')), { start, end });
  const scale = linesPerDay / LINES_PER_DAY_AT_SCALE_1;

  await mkdir(outDir, { recursive: true });
  const summary: SynthSummary = { seed, start, end, files: [], scenarios: [] };
  for (const service of SYNTH_SERVICES) {
    const ctx = { rng: createRng(deriveSeed(seed, service.name)), start, end, plan, scale };
    const written = await writeEvents(join(outDir, service.file), service.events(ctx));
    summary.files.push({ file: service.file, ...service.decode, lines: written.lines });
    for (const [scenario, found] of written.labelled) {
      summary.scenarios.push({
        scenario,
        service: service.name,
        file: service.file,
        start: found.first,
        end: found.last,
        lines: found.lines,
        description: service.describe[scenario] ?? scenario,
      });
    }
  }
  summary.scenarios.sort((a, b) => SCENARIOS.indexOf(a.scenario) - SCENARIOS.indexOf(b.scenario));
  await writeFile(join(outDir, LABELS_FILE), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}
