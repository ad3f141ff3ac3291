import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tailFiles, type TailBatch } from './tail.js';

const dir = mkdtempSync(join(tmpdir(), 'logtrack-tail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Follow `patterns`, run `steps` one per poll round, and collect every line text seen. */
async function follow(patterns: string[], steps: (() => void)[], opts: { fromEnd?: boolean; resume?: (k: string) => Promise<{ offset: number; line: number } | null> } = {}) {
  const controller = new AbortController();
  const seen: TailBatch[] = [];
  const run = (async () => {
    for await (const b of tailFiles({ patterns, pollMs: 15, signal: controller.signal, ...opts })) seen.push(b);
  })();
  for (const step of steps) {
    await new Promise((r) => setTimeout(r, 60));
    step();
  }
  await new Promise((r) => setTimeout(r, 120));
  controller.abort();
  await run;
  return { batches: seen, texts: seen.flatMap((b) => b.lines.map((l) => l.text)) };
}

describe('tailFiles', () => {
  it('reads a new file from its beginning, then what is appended, waiting for complete lines', async () => {
    const p = join(dir, 'a.log');
    writeFileSync(p, 'one\ntwo\n');
    const { texts } = await follow([p], [() => appendFileSync(p, 'thr'), () => appendFileSync(p, 'ee\nfour\n')]);
    expect(texts).toEqual(['one', 'two', 'three', 'four']);
  });

  it('starts at the end with fromEnd', async () => {
    const p = join(dir, 'b.log');
    writeFileSync(p, 'old\n');
    const { texts } = await follow([p], [() => appendFileSync(p, 'new\n')], { fromEnd: true });
    expect(texts).toEqual(['new']);
  });

  it('follows rename-and-create rotation without losing the old file tail', async () => {
    const p = join(dir, 'c.log');
    writeFileSync(p, 'c1\n');
    const { texts, batches } = await follow([p], [
      () => appendFileSync(p, 'c2\n'),
      () => {
        appendFileSync(p, 'c3\n');
        renameSync(p, `${p}.1`);
        writeFileSync(p, 'n1\n');
      },
      () => appendFileSync(p, 'n2\n'),
    ]);
    expect(texts).toEqual(['c1', 'c2', 'c3', 'n1', 'n2']);
    expect(batches.some((b) => b.event === 'rotated')).toBe(true);
  });

  it('handles copytruncate: the file shrinks and is read again from the start', async () => {
    const p = join(dir, 'd.log');
    writeFileSync(p, 'd1\nd2\n');
    const { texts, batches } = await follow([p], [() => truncateSync(p, 0), () => appendFileSync(p, 'after1\n')]);
    expect(texts).toEqual(['d1', 'd2', 'after1']);
    expect(batches.some((b) => b.event === 'truncated')).toBe(true);
  });

  it('resumes from a stored position without repeating or missing a line', async () => {
    const p = join(dir, 'e.log');
    writeFileSync(p, 'e1\ne2\ne3\n');
    const first = await follow([p], []);
    const last = first.batches.flatMap((b) => b.lines).at(-1)!;
    appendFileSync(p, 'e4\n');
    const second = await follow([p], [], { resume: async () => ({ offset: last.end, line: last.line }) });
    expect(second.texts).toEqual(['e4']);
    expect(second.batches.flatMap((b) => b.lines)[0]!.line).toBe(4);
  });

  it('picks up files that appear later in a watched directory', async () => {
    const sub = mkdtempSync(join(dir, 'watch-'));
    const { texts } = await follow([sub], [() => writeFileSync(join(sub, 'late.log'), 'late line\n')]);
    expect(texts).toEqual(['late line']);
  });
});
