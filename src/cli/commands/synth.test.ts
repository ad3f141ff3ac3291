import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../common.js';
import { registerSynth } from './synth.js';
import type { SynthSummary } from '../../synth/types.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function run(args: string[]): Promise<string> {
  const program = new Command('logtrack').exitOverride();
  registerSynth(program);
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'logtrack', 'synth', ...args]);
  } finally {
    write.mockRestore();
  }
  return out;
}

describe('logtrack synth', () => {
  it('writes the logs and labels.json, and prints the files and anomalies', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synth-cli-'));
    dirs.push(dir);
    const out = await run(['--out', dir, '--days', '0.5', '--seed', '3', '--lines-per-day', '10000']);
    expect((await readdir(dir)).sort()).toEqual(['access.log', 'auth.log', 'batch.log', 'db.ndjson', 'labels.json']);
    const labels = JSON.parse(await readFile(join(dir, 'labels.json'), 'utf8')) as SynthSummary;
    expect(labels.seed).toBe(3);
    expect(out).toContain('line (preset generic)');
    for (const s of labels.scenarios) expect(out).toContain(s.scenario);
  });

  it('prints the summary as JSON with --json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synth-cli-'));
    dirs.push(dir);
    const out = await run(['--out', dir, '--days', '0.5', '--json', '--start', '2025-03-01T00:00:00Z']);
    const summary = JSON.parse(out) as SynthSummary;
    expect(summary.start).toBe(Date.UTC(2025, 2, 1));
    // Half a day at the default volume: flags left out take their defaults.
    const total = summary.files.reduce((sum, f) => sum + f.lines, 0);
    expect(total).toBeGreaterThan(25_000);
    expect(total).toBeLessThan(50_000);
  });

  it('rejects bad flags with a usage error (exit code 2)', async () => {
    const error = await run(['--out', join(tmpdir(), 'never-written'), '--days', 'soon']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(/days must be a number/);
  });
});
