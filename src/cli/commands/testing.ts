/**
 * For command tests: run the real CLI in-process (`main(['node', 'logtrack', ...args])`) and
 * capture what it writes. Commands write with process.stdout.write / process.stderr.write, so
 * those are replaced for the duration of one run; a write callback is called as a stream would.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

type Write = typeof process.stdout.write;

function capture(stream: NodeJS.WriteStream, sink: (text: string) => void): () => void {
  const original = stream.write;
  const write = (chunk: unknown, encodingOrDone?: unknown, done?: unknown): boolean => {
    sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const callback = typeof encodingOrDone === 'function' ? encodingOrDone : done;
    if (typeof callback === 'function') queueMicrotask(() => (callback as () => void)());
    return true;
  };
  stream.write = write as Write;
  return () => {
    stream.write = original;
  };
}

/** `logtrack ...args`, in-process. */
export async function runCli(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const restore = [capture(process.stdout, (t) => (stdout += t)), capture(process.stderr, (t) => (stderr += t))];
  process.exitCode = undefined;
  try {
    const code = await main(['node', 'logtrack', ...args]);
    return { code, stdout, stderr };
  } finally {
    for (const r of restore) r();
    process.exitCode = undefined;
  }
}

/** Like runCli, but fails the test with the CLI's own message unless it exits 0. */
export async function runOk(...args: string[]): Promise<CliRun> {
  const run = await runCli(...args);
  if (run.code !== 0) throw new Error(`logtrack ${args.join(' ')} exited ${run.code}: ${run.stderr.trim()}`);
  return run;
}

/** A temp directory for input files, removed by the returned cleanup. */
export function tempFiles(): { write(name: string, text: string): string; dir(name: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'logtrack-cli-'));
  return {
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    dir(name) {
      const path = join(dir, name);
      mkdirSync(path, { recursive: true });
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const T0 = Date.UTC(2024, 0, 15, 12);

export interface LogLine {
  /** Seconds after T0. */
  at: number;
  message: string;
  level?: string;
  service?: string;
  user?: string;
}

/** JSON lines that `logtrack ingest` reads (format auto-detected). */
export function jsonLog(lines: readonly LogLine[]): string {
  return lines
    .map((l) => JSON.stringify({ ts: new Date(T0 + l.at * 1000).toISOString(), level: l.level ?? 'INFO', service: l.service ?? 'api', message: l.message, ...(l.user ? { user: l.user } : {}) }))
    .join('\n') + '\n';
}

/** Half an hour of api traffic, a request every 30 s, with FATAL panics at the given seconds. */
export function apiLog(panicsAt: readonly number[], opts: { from?: number; to?: number } = {}): string {
  const lines: LogLine[] = [];
  for (let at = opts.from ?? 0; at < (opts.to ?? 1800); at += 30) lines.push({ at, message: `request served in ${(at % 7) + 3} ms` });
  for (const at of panicsAt) lines.push({ at, level: 'FATAL', message: `panic: nil pointer in handler ${at}` });
  return jsonLog(lines.sort((a, b) => a.at - b.at));
}

/** The rule the seeded logs trip: any "panic" line, per service. */
export const PANIC_RULE = ['rules', 'add', '--name', 'panic', '--type', 'keyword', '--param', 'pattern=panic', '--severity', 'high'];

/** A database with the panic rule, a log with two panics 10 minutes apart, ingested and detected: two alerts, one incident each. */
export async function seedPanics(db: string, files: ReturnType<typeof tempFiles>): Promise<void> {
  await runOk(...PANIC_RULE, '--db', db);
  await runOk('ingest', files.write(`app-${Math.random().toString(36).slice(2)}.jsonl`, apiLog([600, 1500])), '--db', db);
  await runOk('detect', '--db', db);
}
