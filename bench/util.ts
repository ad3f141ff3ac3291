/** Shared helpers for benchmarks: temp dirs, generated inputs, and reporting. */
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../src/shared/mulberry32.js';

export interface Figure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  target?: string;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `logtrack-bench-${prefix}-`));
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** The seeded PRNG every reproducible input uses. */
export const prng = mulberry32;

const SERVICES = ['auth', 'api', 'db', 'billing', 'search'];
const USERS = Array.from({ length: 500 }, (_, i) => `user${i}`);
const MESSAGES = [
  (r: () => number) => `Login succeeded from 10.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`,
  (r: () => number) => `Login failed for user from 10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`,
  (r: () => number) => `GET /api/v1/items/${Math.floor(r() * 100000)} completed in ${Math.floor(r() * 900)} ms`,
  (r: () => number) => `Query on table orders took ${Math.floor(r() * 5000)} ms rows=${Math.floor(r() * 1000)}`,
  (r: () => number) => `Connection to db-primary:5432 timed out after ${Math.floor(r() * 30)} s`,
  (r: () => number) => `Cache miss for key session:${Math.floor(r() * 1e9).toString(16)}`,
  (r: () => number) => `Job ${Math.floor(r() * 10000)} finished with status ok in ${(r() * 100).toFixed(2)} s`,
];

/** Write `n` generic lines (`<ISO time> <LEVEL> <service> user=<u> <message>`), streaming. */
export async function writeGenericLog(path: string, n: number, seed = 1): Promise<void> {
  const r = prng(seed);
  const out = createWriteStream(path);
  const start = Date.UTC(2026, 0, 5);
  let chunk = '';
  for (let i = 0; i < n; i++) {
    const level = r() < 0.05 ? 'ERROR' : r() < 0.1 ? 'WARN' : 'INFO';
    const msg = MESSAGES[Math.floor(r() * MESSAGES.length)]!(r);
    chunk += `${new Date(start + i * 50).toISOString()} ${level} ${SERVICES[i % SERVICES.length]} user=${USERS[Math.floor(r() * USERS.length)]} ${msg}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

export function printFigures(figures: Figure[]): void {
  for (const f of figures) {
    process.stdout.write(`${f.bench.padEnd(22)} ${f.metric.padEnd(34)} ${String(f.value).padStart(12)} ${f.unit.padEnd(10)} ${f.target ? `target ${f.target}` : ''}\n`);
  }
}

/** Benchmarks run one per child process; each prints its figures as one JSON line prefixed with this marker. */
export const FIGURES_MARKER = '@@figures ';

export function emitFigures(figures: Figure[]): void {
  process.stdout.write(`${FIGURES_MARKER}${JSON.stringify(figures)}\n`);
}

/** What bench/built.mjs reports for a job: its own result, plus wall and CPU seconds and peak RSS. */
export interface BuiltRun {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  [key: string]: unknown;
}

/** Run a timed job on the shipped build (dist/, plain node) in a child process; see bench/built.mjs. */
export function runBuilt(job: 'ingest' | 'scan', args: Record<string, unknown>): BuiltRun {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('./built.mjs', import.meta.url)), job, JSON.stringify(args)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`bench job ${job} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as BuiltRun;
}
