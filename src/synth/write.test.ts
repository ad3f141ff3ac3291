import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SynthEvent } from './types.js';
import { writeEvents } from './write.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'synth-write-'));
  dirs.push(dir);
  return join(dir, 'out.log');
}

function* events(count: number): Generator<SynthEvent> {
  for (let i = 1; i <= count; i++) {
    yield { ts: i * 1000, text: `line ${i} ${'x'.repeat(100)}`, scenario: i % 10_000 === 0 ? 'volume_spike' : i === 7 ? 'new_error' : undefined };
  }
}

describe('writeEvents', () => {
  it('writes every event as one line, across many chunks, and records labelled line numbers', async () => {
    const path = await tempFile();
    const result = await writeEvents(path, events(50_000));
    expect(result.lines).toBe(50_000);

    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines).toHaveLength(50_001);
    expect(lines[50_000]).toBe('');
    const spike = result.labelled.get('volume_spike');
    expect(spike?.lines).toEqual([10_000, 20_000, 30_000, 40_000, 50_000]);
    for (const n of spike?.lines ?? []) expect(lines[n - 1].startsWith(`line ${n} `)).toBe(true);
    expect(spike?.first).toBe(10_000_000);
    expect(spike?.last).toBe(50_000_000);
    expect(result.labelled.get('new_error')).toEqual({ lines: [7], first: 7000, last: 7000 });
  });

  it('writes an empty file for no events', async () => {
    const path = await tempFile();
    expect(await writeEvents(path, [])).toEqual({ lines: 0, labelled: new Map() });
    expect(await readFile(path, 'utf8')).toBe('');
  });

  it('rejects with the file error when the directory does not exist', async () => {
    const path = join(await tempFile(), 'missing', 'out.log');
    await expect(writeEvents(path, events(3))).rejects.toThrow(/ENOENT|ENOTDIR/);
  });
});
