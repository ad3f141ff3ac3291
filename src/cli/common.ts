/**
 * What every command shares: the --db option, format flags, output as text or --json, a progress
 * bar on a TTY, and errors as one clear sentence with a non-zero exit code.
 */
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { openStore, resolveDbLocation } from '../store/open.js';
import type { Store } from '../store/store.js';
import type { FormatName, FormatOptions } from '../formats/index.js';

/** A failure to report as one sentence. `exitCode` 2 means the user asked for something invalid. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, 2);

export function dbOption(): Option {
  return new Option('--db <location>', 'SQLite file or postgres:// URL (default: $LOGTRACK_DB or ./logtrack.db)');
}

export async function withStore<T>(location: string | undefined, fn: (store: Store) => Promise<T>): Promise<T> {
  let store: Store;
  const where = resolveDbLocation(location);
  try {
    store = await openStore(where);
  } catch (err) {
    throw new CliError(`cannot open the database at ${redact(where)}: ${(err as Error).message}`);
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function redact(location: string): string {
  return location.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

export const FORMAT_NAMES = ['auto', 'line', 'clf', 'syslog', 'json', 'cloudtrail', 'loghub-csv'] as const;

/** Adds --format, --line-format, --preset, --service, --timezone. */
export function addFormatOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <name>', 'input format (default: auto-detected)').choices(FORMAT_NAMES as unknown as string[]))
    .option('--line-format <fmt>', "logparser log_format, e.g. '<Date> <Time> <Level> <Component>: <Content>'")
    .option('--preset <name>', 'line-format preset (HDFS, BGL, Hadoop, Spark, Zookeeper, OpenSSH, Linux, Apache, Android, HealthApp, generic)')
    .option('--service <name>', 'service name for every record (overrides the data)')
    .option('--timezone <tz>', 'zone for timestamps without one (IANA name or ±HH:MM; default UTC)');
}

export interface FormatFlags {
  format?: string;
  lineFormat?: string;
  preset?: string;
  service?: string;
  timezone?: string;
}

export function formatOptions(flags: FormatFlags): FormatOptions {
  const opts: FormatOptions = {};
  if (flags.format) opts.format = flags.format as FormatName | 'auto';
  if (flags.lineFormat) opts.lineFormat = flags.lineFormat;
  if (flags.preset) opts.preset = flags.preset;
  if (flags.service) opts.service = flags.service;
  if (flags.timezone) opts.timezone = flags.timezone;
  return opts;
}

/** Parse a time flag: ISO 8601, epoch ms, or a relative duration back from now ("15m", "2h", "7d"). */
export function parseTime(value: string | undefined, flag: string, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const rel = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/.exec(value.trim());
  if (rel) return now - Number(rel[1]) * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 }[rel[2] as 's']!;
  if (/^\d{10,13}$/.test(value)) return Number(value) * (value.length === 10 ? 1000 : 1);
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw usageError(`${flag} must be a time (ISO 8601, epoch, or a duration like 2h), got "${value}"`);
  return t;
}

/** Parse a duration flag ("30m", "2h", "90s", "7d") into milliseconds. */
export function parseDuration(value: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?$/.exec(value.trim());
  if (!m) throw usageError(`${flag} must be a duration like 30m, 2h or 7d, got "${value}"`);
  return Number(m[1]) * { ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 }[(m[2] ?? 'ms') as 'ms']!;
}

export function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw usageError(`${flag} must be a positive integer, got "${value}"`);
  return n;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function formatTs(ts: number): string {
  return new Date(ts).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function notice(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** A byte progress bar on a TTY (stderr); silent otherwise. */
export function byteProgress(label: string): { update(bytes: number, total: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total} MB {duration}s`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let current = '';
  return {
    update(bytes, total) {
      const mb = (n: number) => Math.round(n / 1e5) / 10;
      if (!started || current !== String(total)) {
        if (started) bar.stop();
        bar.start(mb(total), 0);
        started = true;
        current = String(total);
      }
      bar.update(Math.min(mb(bytes), mb(total)));
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Render rows as an aligned text table. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}
