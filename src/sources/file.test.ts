import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readLines, SourceError, splitLines } from './file.js';
import { fileIdentity, headLines } from './identity.js';
import type { RawLine } from './raw-line.js';

const dir = mkdtempSync(join(tmpdir(), 'logtrack-src-'));

async function collect(path: string, opts = {}): Promise<RawLine[]> {
  const out: RawLine[] = [];
  for await (const batch of readLines(path, { batchLines: 2, ...opts })) out.push(...batch);
  return out;
}

async function* streamOf(chunks: Buffer[]): AsyncGenerator<Buffer> {
  yield* chunks;
}

describe('readLines', () => {
  it('gives every line with exact byte offsets, CRLF stripped, a final unterminated line kept', async () => {
    const p = join(dir, 'a.log');
    writeFileSync(p, 'alpha\r\nbé\n\nlast');
    const lines = await collect(p);
    expect(lines.map((l) => l.text)).toEqual(['alpha', 'bé', '', 'last']);
    expect(lines.map((l) => [l.line, l.offset, l.end])).toEqual([[1, 0, 7], [2, 7, 11], [3, 11, 12], [4, 12, 16]]);
  });

  it('gives the same lines however the bytes are cut into chunks (CR, LF and multi-byte characters split)', async () => {
    const text = Buffer.from('first\r\nsecond é line\n\n€uro\r\n' + 'x'.repeat(40) + '\nlast é');
    const whole: RawLine[] = [];
    for await (const batch of splitLines(streamOf([text]), { batchLines: 3 })) whole.push(...batch);
    expect(whole.map((l) => l.text)).toEqual(['first', 'second é line', '', '€uro', 'x'.repeat(40), 'last é']);
    let seed = 7;
    for (let trial = 0; trial < 50; trial++) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < text.length; ) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const size = 1 + (seed % 9);
        chunks.push(text.subarray(at, at + size));
        at += size;
      }
      const lines: RawLine[] = [];
      for await (const batch of splitLines(streamOf(chunks), { batchLines: 2 })) lines.push(...batch);
      expect(lines).toEqual(whole);
    }
  });

  it('resumes from a byte offset with continuing line numbers', async () => {
    const p = join(dir, 'b.log');
    writeFileSync(p, 'one\ntwo\nthree\n');
    const lines = await collect(p, { startOffset: 4, startLine: 1 });
    expect(lines.map((l) => [l.text, l.line, l.offset])).toEqual([['two', 2, 4], ['three', 3, 8]]);
  });

  it('reads gzip and resumes inside it by decompressed offset', async () => {
    const p = join(dir, 'c.log.gz');
    writeFileSync(p, gzipSync('one\ntwo\nthree\n'));
    expect((await collect(p)).map((l) => l.text)).toEqual(['one', 'two', 'three']);
    expect((await collect(p, { startOffset: 8, startLine: 2 })).map((l) => [l.text, l.line])).toEqual([['three', 3]]);
  });

  it('raises a SourceError naming a truncated gzip after yielding what it could', async () => {
    const p = join(dir, 'd.log.gz');
    const full = gzipSync(Array.from({ length: 2000 }, (_, i) => `line number ${i} with some padding text`).join('\n'));
    writeFileSync(p, full.subarray(0, Math.floor(full.length / 2)));
    const seen: string[] = [];
    let error: unknown;
    try {
      for await (const batch of readLines(p)) seen.push(...batch.map((l) => l.text));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).reason).toBe('truncated gzip');
    expect(seen.length).toBeGreaterThan(0);
  });

  it('cuts lines over the limit, flags them, and keeps offsets exact', async () => {
    const p = join(dir, 'e.log');
    writeFileSync(p, `short\n${'x'.repeat(5000)}\nafter\n`);
    const lines = await collect(p, { maxLineBytes: 100 });
    expect(lines.map((l) => l.text.length)).toEqual([5, 100, 5]);
    expect(lines[1]!.truncated).toBe(true);
    expect(lines[2]!.offset).toBe(6 + 5001);
  });

  it('flags invalid UTF-8', async () => {
    const p = join(dir, 'f.log');
    writeFileSync(p, Buffer.concat([Buffer.from('ok\n'), Buffer.from([0xff, 0xfe, 0x41, 10])]));
    const lines = await collect(p);
    expect(lines[0]!.invalidUtf8).toBeUndefined();
    expect(lines[1]!.invalidUtf8).toBe(true);
  });
});

describe('fileIdentity', () => {
  it('is stable across appends and renames, and changes with new content', async () => {
    const a = join(dir, 'id1.log');
    writeFileSync(a, 'first line\n');
    const id = await fileIdentity(a);
    writeFileSync(a, 'first line\nsecond\n');
    expect(await fileIdentity(a)).toBe(id);
    const b = join(dir, 'id2.log');
    writeFileSync(b, 'other first line\n');
    expect(await fileIdentity(b)).not.toBe(id);
    writeFileSync(join(dir, 'id3.log'), '');
    expect(await fileIdentity(join(dir, 'id3.log'))).toBeNull();
  });

  it('headLines returns the first lines', async () => {
    const p = join(dir, 'h.log');
    writeFileSync(p, 'a\nb\nc\n');
    expect(await headLines(p, 2)).toEqual(['a', 'b']);
  });
});
