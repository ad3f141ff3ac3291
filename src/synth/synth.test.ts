import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS_FILE, SYNTH_FORMATS, generateSynth, synthOptionsError } from './synth.js';
import { MINUTE, SCENARIOS, type ScenarioLabel, type ScenarioName, type SynthSummary } from './types.js';

// ------------------------------------------------------------ reading the files back, as a decoder would

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** Shape of a line and where its timestamp is, per file. */
const SHAPES: Record<string, { shape: RegExp; ts(line: string): number }> = {
  'access.log': {
    shape: /^\d{1,3}(\.\d{1,3}){3} - - \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "(GET|POST) \/\S* HTTP\/1\.1" \d{3} \d+ "[^"]*" "[^"]+"$/,
    ts: (line) => {
      const [, d, mon, y, h, m, s] = /\[(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})/.exec(line)!;
      return Date.UTC(+y, MONTHS.indexOf(mon), +d, +h, +m, +s);
    },
  },
  'auth.log': {
    shape: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z (INFO|WARN|ERROR) auth user=[a-z]+ \S.*$/,
    ts: (line) => Date.parse(line.slice(0, 24)),
  },
  'db.ndjson': {
    shape: /^\{"ts":"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z","level":"(info|warn|error)","service":"db","host":"db-01","msg":"[^"]+"(,"\w+":("[^"]*"|[\d.]+))*\}$/,
    ts: (line) => Date.parse((JSON.parse(line) as { ts: string }).ts),
  },
  'batch.log': {
    shape: /^<13[0-9]>1 \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z batch-01 batch \d+ [A-Z]+ (-|\[job@32473( \w+="[^"]*")+\]) \S.*$/,
    ts: (line) => Date.parse(line.split(' ')[1]),
  },
};

async function* lines(path: string): AsyncGenerator<{ n: number; text: string }> {
  let n = 0;
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) yield { n: ++n, text };
}

async function linesAt(path: string, wanted: readonly number[]): Promise<string[]> {
  const set = new Set(wanted);
  const found: string[] = [];
  for await (const { n, text } of lines(path)) if (set.has(n)) found.push(text);
  return found;
}

async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// ------------------------------------------------------------ one generated run shared by the tests

const dirs: string[] = [];
const tempDir = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'synth-'));
  dirs.push(dir);
  return dir;
};

let dir: string;
let summary: SynthSummary;
const label = (scenario: ScenarioName): ScenarioLabel => summary.scenarios.find((s) => s.scenario === scenario)!;

beforeAll(async () => {
  dir = await tempDir();
  summary = await generateSynth({ outDir: dir });
});
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('generateSynth output', () => {
  it('writes four files in their formats, each line well-formed and in time order', async () => {
    expect(summary.files.map((f) => f.file)).toEqual(Object.keys(SHAPES));
    for (const file of summary.files) {
      const { shape, ts } = SHAPES[file.file];
      let count = 0;
      let previous = -Infinity;
      const malformed: string[] = [];
      const outOfOrder: string[] = [];
      for await (const { text } of lines(join(dir, file.file))) {
        count++;
        if (!shape.test(text)) malformed.push(text);
        const t = ts(text);
        if (t < previous || t < summary.start || t >= summary.end) outOfOrder.push(text);
        previous = t;
      }
      expect(malformed.slice(0, 3)).toEqual([]);
      expect(outOfOrder.slice(0, 3)).toEqual([]);
      expect(count).toBe(file.lines);
      expect(SYNTH_FORMATS[file.file]).toEqual({ format: file.format, ...(file.preset ? { preset: file.preset } : {}) });
    }
    const total = summary.files.reduce((sum, f) => sum + f.lines, 0);
    expect(total).toBeGreaterThan(50_000);
    expect(total).toBeLessThan(100_000);
  });

  it('writes labels.json with the returned summary', async () => {
    expect(JSON.parse(await readFile(join(dir, LABELS_FILE), 'utf8'))).toEqual(summary);
  });

  it('labels each scenario exactly once, at distinct, non-overlapping times', () => {
    expect(summary.scenarios.map((s) => s.scenario)).toEqual([...SCENARIOS]);
    const spans = [...summary.scenarios].sort((a, b) => a.start - b.start);
    for (let i = 1; i < spans.length; i++) expect(spans[i].start).toBeGreaterThan(spans[i - 1].end);
    for (const s of summary.scenarios) {
      expect(s.description.length).toBeGreaterThan(20);
      // Decoders name a service after its file when the lines don't say: labels use the same names.
      expect(s.service).toBe(s.file.slice(0, s.file.indexOf('.')));
    }
  });
});

describe('labelled line numbers point at the injected lines', () => {
  it('brute_force: 30 failed logins for one user from one IP within two minutes', async () => {
    const l = label('brute_force');
    const found = await linesAt(join(dir, l.file), l.lines);
    expect(found).toHaveLength(30);
    for (const text of found) expect(text).toMatch(/ WARN auth user=carol Login failed: invalid password from 203\.0\.113\.77$/);
    expect(l.end - l.start).toBeLessThanOrEqual(2 * MINUTE);
  });

  it('error_storm: only db connection errors, many per minute', async () => {
    const l = label('error_storm');
    const found = await linesAt(join(dir, l.file), l.lines);
    expect(found).toHaveLength(l.lines.length);
    for (const text of found) expect(text).toMatch(/"level":"error".*"msg":"(Could not connect to primary .*: connection refused|Timeout acquiring connection from pool)/);
    expect(l.lines.length / ((l.end - l.start) / MINUTE)).toBeGreaterThanOrEqual(35);
  });

  it('service_silent: the batch job writes nothing for at least 45 minutes between the two labelled lines', async () => {
    const l = label('service_silent');
    expect(l.lines).toHaveLength(2);
    expect(l.lines[1]).toBe(l.lines[0] + 1);
    const [before, after] = await linesAt(join(dir, l.file), l.lines);
    expect(before).toMatch(/ END .* finished in /);
    expect(after).toMatch(/ START - Job export run=\d+ started$/);
    expect(SHAPES['batch.log'].ts(after) - SHAPES['batch.log'].ts(before)).toBeGreaterThanOrEqual(45 * MINUTE);
  });

  it('volume_spike: crawler lines multiply the traffic of their window by about eight', async () => {
    const l = label('volume_spike');
    const labelled = new Set(l.lines);
    let crawler = 0;
    let normal = 0;
    for await (const { n, text } of lines(join(dir, l.file))) {
      const t = SHAPES['access.log'].ts(text);
      if (labelled.has(n)) {
        crawler++;
        expect(text).toContain('FlashCrawler/2.1');
      } else if (t >= l.start && t <= l.end) {
        normal++;
        expect(text).not.toContain('FlashCrawler');
      }
    }
    expect(crawler).toBe(l.lines.length);
    expect((crawler + normal) / normal).toBeGreaterThan(6);
    expect((crawler + normal) / normal).toBeLessThan(10);
  });

  it('new_error: an error message that appears nowhere else in the file', async () => {
    const l = label('new_error');
    const labelled = new Set(l.lines);
    let hits = 0;
    for await (const { n, text } of lines(join(dir, l.file))) {
      const isNew = text.includes('LDAP bind failed: certificate has expired');
      expect(isNew).toBe(labelled.has(n));
      if (isNew) {
        hits++;
        expect(text).toMatch(/ ERROR auth /);
      }
    }
    expect(hits).toBeGreaterThanOrEqual(3);
  });

  it('sequence: one run finishes before its load step and skips transform', async () => {
    const l = label('sequence');
    const found = await linesAt(join(dir, l.file), l.lines);
    const steps = found.map((text) => / (START|END) .*|Step (\w+) done/.exec(text)).filter((m) => m !== null).map((m) => m[1] ?? m[2]);
    expect(steps).toEqual(['START', 'extract', 'END', 'load']);
    expect(new Set(found.map((text) => /run=(\d+)/.exec(text)?.[1]).filter(Boolean)).size).toBe(1);
    expect(found.some((text) => text.includes('transform'))).toBe(false);
  });
});

describe('normal data is genuinely normal', () => {
  it('auth: outside the attack, no user fails to log in more than once in five minutes', async () => {
    const attack = new Set(label('brute_force').lines);
    const lastFailure = new Map<string, number>();
    for await (const { n, text } of lines(join(dir, 'auth.log'))) {
      if (attack.has(n) || !text.includes('Login failed')) continue;
      const user = /user=(\w+)/.exec(text)![1];
      const t = SHAPES['auth.log'].ts(text);
      expect(t - (lastFailure.get(user) ?? -Infinity)).toBeGreaterThan(5 * MINUTE);
      lastFailure.set(user, t);
    }
  });

  it('batch: no gap of 30 minutes or more except the labelled silence', async () => {
    const silence = label('service_silent').lines;
    let previous: number | null = null;
    for await (const { n, text } of lines(join(dir, 'batch.log'))) {
      const t = SHAPES['batch.log'].ts(text);
      if (previous !== null && n !== silence[1]) expect(t - previous).toBeLessThan(30 * MINUTE);
      previous = t;
    }
  });

  it('db and web: the error ratio of every ten-minute window without anomalies stays low', async () => {
    const ratios = async (file: string, isError: (text: string) => boolean): Promise<number[]> => {
      const labelled = new Set(summary.scenarios.filter((s) => s.file === file).flatMap((s) => s.lines));
      const windows = new Map<number, { total: number; errors: number; anomalous: boolean }>();
      for await (const { n, text } of lines(join(dir, file))) {
        const key = Math.floor(SHAPES[file].ts(text) / (10 * MINUTE));
        const w = windows.get(key) ?? { total: 0, errors: 0, anomalous: false };
        w.total++;
        if (isError(text)) w.errors++;
        w.anomalous ||= labelled.has(n);
        windows.set(key, w);
      }
      return [...windows.values()].filter((w) => !w.anomalous && w.total >= 20).map((w) => w.errors / w.total);
    };
    const db = await ratios('db.ndjson', (text) => text.includes('"level":"error"'));
    const web = await ratios('access.log', (text) => /" 5\d\d \d+ "/.test(text));
    expect(db.length).toBeGreaterThan(100);
    expect(Math.max(...db)).toBeLessThan(0.1);
    expect(Math.max(...web)).toBeLessThan(0.05);
  });
});

describe('determinism and options', () => {
  it('writes identical files for the same seed and different ones for another seed', async () => {
    const again = await tempDir();
    const other = await tempDir();
    await generateSynth({ outDir: again });
    await generateSynth({ outDir: other, seed: 7 });
    for (const file of [...Object.keys(SHAPES), LABELS_FILE]) {
      expect(await fileHash(join(again, file))).toBe(await fileHash(join(dir, file)));
      expect(await fileHash(join(other, file))).not.toBe(await fileHash(join(dir, file)));
    }
  });

  it('scales with days and linesPerDay', async () => {
    const out = await tempDir();
    const big = await generateSynth({ outDir: out, days: 2, linesPerDay: 20_000, start: Date.UTC(2025, 5, 1, 12, 30, 45) });
    expect(big.start).toBe(Date.UTC(2025, 5, 1, 12, 30));
    expect(big.end - big.start).toBe(2 * 24 * 60 * MINUTE);
    const total = big.files.reduce((sum, f) => sum + f.lines, 0);
    expect(total).toBeGreaterThan(30_000);
    expect(total).toBeLessThan(50_000);
    expect(big.scenarios.map((s) => s.scenario)).toEqual([...SCENARIOS]);
  });

  it('explains invalid options in one sentence instead of writing anything', async () => {
    expect(synthOptionsError({ outDir: 'x', days: 0.1 })).toMatch(/days must be a number of at least 0.5/);
    expect(synthOptionsError({ outDir: 'x', seed: 1.5 })).toMatch(/seed must be an integer/);
    expect(synthOptionsError({ outDir: 'x', linesPerDay: Number.NaN })).toMatch(/linesPerDay/);
    expect(synthOptionsError({ outDir: '' })).toMatch(/output directory/);
    expect(synthOptionsError({ outDir: 'x' })).toBeNull();
    await expect(generateSynth({ outDir: join(dir, 'never'), days: -1 })).rejects.toThrow(RangeError);
  });
});
