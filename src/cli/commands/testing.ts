/**
 * For command tests: run the real CLI in-process (`main(['node', 'logtrack', ...args])`) and
 * capture what it writes. Commands write with process.stdout.write / process.stderr.write, so
 * those are replaced for the duration of one run; a write callback is called as a stream would.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
export function tempFiles(): { write(name: string, text: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'logtrack-cli-'));
  return {
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
