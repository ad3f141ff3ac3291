/** The generated files against the real decoders (src/formats): detected as declared, decoded without a reject. */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../domain/index.js';
import { createDecoder, detectFormat } from '../formats/index.js';
import { generateSynth } from './synth.js';
import type { SynthSummary } from './types.js';

let dir: string;
let summary: SynthSummary;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'synth-decode-'));
  summary = await generateSynth({ outDir: dir, days: 0.5, linesPerDay: 20_000 });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** Decode a whole file line by line; keep the records of `wanted` lines. */
async function decodeFile(file: string, wanted: ReadonlySet<number>) {
  const { format, preset } = summary.files.find((f) => f.file === file)!;
  const decoder = createDecoder({ format, preset, fileName: file });
  const sample: string[] = [];
  const kept = new Map<number, LogRecord>();
  const rejects: string[] = [];
  let offset = 0;
  let line = 0;
  const take = (items: ReturnType<typeof decoder.flush>): void => {
    for (const item of items) {
      if (item.kind === 'reject') rejects.push(item.reject.reason);
      else if (wanted.has(item.record.source.line)) kept.set(item.record.source.line, item.record);
    }
  };
  for await (const text of createInterface({ input: createReadStream(join(dir, file)), crlfDelay: Infinity })) {
    line++;
    if (sample.length < 200) sample.push(text);
    const end = offset + Buffer.byteLength(text) + 1;
    take(decoder.push({ text, line, offset, end }));
    offset = end;
  }
  take(decoder.flush());
  return { sample, kept, rejects };
}

describe('synthetic logs through the decoders', () => {
  it('every file is auto-detected as its declared format and decodes without rejects', async () => {
    for (const file of summary.files) {
      const { sample, rejects } = await decodeFile(file.file, new Set());
      expect(detectFormat(sample, { fileName: file.file })).toMatchObject({ kind: 'detected', format: file.format, ...(file.preset ? { preset: file.preset } : {}) });
      expect(rejects).toEqual([]);
    }
  });

  it('labelled lines decode to the labelled service, at the labelled times', async () => {
    for (const label of summary.scenarios) {
      const { kept } = await decodeFile(label.file, new Set(label.lines));
      expect(kept.size).toBe(label.lines.length);
      const records = [...kept.values()];
      for (const r of records) expect(r.service).toBe(label.service);
      expect(Math.min(...records.map((r) => r.ts))).toBe(label.file === 'access.log' ? Math.floor(label.start / 1000) * 1000 : label.start);
    }
  });

  it('carries the user and level a detector needs for the brute-force and error-storm lines', async () => {
    const brute = summary.scenarios.find((s) => s.scenario === 'brute_force')!;
    for (const r of (await decodeFile(brute.file, new Set(brute.lines))).kept.values()) expect([r.user, r.level]).toEqual(['carol', 'WARN']);
    const storm = summary.scenarios.find((s) => s.scenario === 'error_storm')!;
    for (const r of (await decodeFile(storm.file, new Set(storm.lines))).kept.values()) expect(r.level).toBe('ERROR');
  });
});
