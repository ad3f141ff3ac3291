/**
 * Template-mining throughput: 1,000,000 generated lines per shape (HDFS-like, BGL-like), one core.
 *
 * Lines are real Loghub 2k messages (../shared/data, when present; built-in examples otherwise) with every
 * digit redrawn at random, so values vary the way they do in production while the events stay real.
 * Lines are generated in chunks outside the timed section; only `miner.add` is timed.
 *
 *   npx tsx bench/mine.ts [--lines 1000000] [--data ../shared/data]
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { emitFigures } from './util.js';
import { readCsvObjects } from '../src/eval/parsing-csv.js';
import { createMiner } from '../src/mine/template-miner.js';

export interface MineBenchResult {
  name: string;
  lines: number;
  /** Lines per second of CPU time spent in `add` (what one core does, however busy the machine). */
  linesPerSec: number;
  /** Lines per second of wall-clock time in `add`. */
  wallLinesPerSec: number;
  /** CPU microseconds per line in `add`. */
  cpuUsPerLine: number;
  peakRssMb: number;
  templates: number;
}

const BUILTIN_SHAPES: Record<string, string[]> = {
  HDFS: [
    'Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106 dest: /10.250.19.102:50010',
    'PacketResponder 1 for block blk_38865049064139660 terminating',
    'Received block blk_3587508140051953248 of size 67108864 from /10.251.42.84',
    'BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.73.220:50010 is added to blk_7128370237687728475 size 67108864',
    'BLOCK* NameSystem.allocateBlock: /user/root/rand/_temporary/_task_200811092030_0002_r_000296_0/part-00296. blk_-6662847496024016327',
    'Verification succeeded for blk_-4980916519894289629',
    'Deleting block blk_1781953582842324563 file /mnt/hadoop/dfs/data/current/subdir26/blk_1781953582842324563',
  ],
  BGL: [
    'instruction cache parity error corrected',
    'generating core.2275',
    'CE sym 2, at 0x0b85eee0, mask 0x05',
    'iar 00106570 dear 02dfd8ac',
    'total of 12 ddr error(s) detected and corrected',
    'ciod: failed to read message prefix on control stream (CioStream socket to 172.16.96.116:33569',
    'data TLB error interrupt',
  ],
};

/** Real messages of a Loghub dataset, or the built-in examples. */
async function sampleMessages(dataDir: string, dataset: string): Promise<string[]> {
  const file = join(dataDir, 'loghub-2k', dataset, `${dataset}_2k.log_structured.csv`);
  if (!existsSync(file)) return BUILTIN_SHAPES[dataset];
  const out: string[] = [];
  for await (const row of readCsvObjects(file)) out.push(row.Content ?? '');
  return out;
}

/** Deterministic xorshift32. */
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** A message with every digit redrawn (same length, so shapes hold). */
function vary(message: string, next: () => number): string {
  return message.replace(/\d/g, () => String(next() % 10));
}

async function benchShape(name: string, samples: string[], total: number): Promise<MineBenchResult> {
  const miner = createMiner();
  const next = rng(0x5eed + name.length);
  const chunk: string[] = new Array(8192);
  let timeNs = 0n;
  let cpuUs = 0;
  let peakRss = process.memoryUsage().rss;
  for (let done = 0; done < total; ) {
    const n = Math.min(chunk.length, total - done);
    for (let i = 0; i < n; i++) chunk[i] = vary(samples[next() % samples.length], next);
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) miner.add(chunk[i], name);
    timeNs += process.hrtime.bigint() - t0;
    const cpu = process.cpuUsage(cpu0);
    cpuUs += cpu.user + cpu.system;
    done += n;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  let templates = 0;
  for (const _ of miner.clusters()) templates++;
  return {
    name,
    lines: total,
    linesPerSec: Math.round(total / (cpuUs / 1e6)),
    wallLinesPerSec: Math.round(total / (Number(timeNs) / 1e9)),
    cpuUsPerLine: Math.round((cpuUs / total) * 1000) / 1000,
    peakRssMb: Math.round(peakRss / 2 ** 20),
    templates,
  };
}

export async function benchMine(opts: { lines?: number; dataDir?: string } = {}): Promise<MineBenchResult[]> {
  const lines = opts.lines ?? 1_000_000;
  const dataDir = opts.dataDir ?? resolve(process.cwd(), '../shared/data');
  const results: MineBenchResult[] = [];
  for (const shape of ['HDFS', 'BGL']) results.push(await benchShape(shape, await sampleMessages(dataDir, shape), lines));
  return results;
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await benchMine({ lines: flag('lines') ? Number(flag('lines')) : undefined, dataDir: flag('data') });
  for (const r of results) {
    const rate = (n: number) => n.toLocaleString('en-US');
    console.log(`${r.name.padEnd(5)} ${rate(r.lines)} lines  ${rate(r.linesPerSec)} lines/s (CPU, ${r.cpuUsPerLine} µs/line)  ${rate(r.wallLinesPerSec)} lines/s (wall)  peak RSS ${r.peakRssMb} MB  ${r.templates} templates`);
  }
  emitFigures(
    results.flatMap((r) => [
      { bench: `mine (${r.name})`, metric: `lines per CPU-second (${r.lines} lines)`, value: r.linesPerSec, unit: 'lines/s', target: '≥ 750000 (Drain3 ~15–25k)' },
      { bench: `mine (${r.name})`, metric: 'lines/s wall', value: r.wallLinesPerSec, unit: 'lines/s' },
      { bench: `mine (${r.name})`, metric: 'CPU per line', value: r.cpuUsPerLine, unit: 'µs' },
      { bench: `mine (${r.name})`, metric: 'peak RSS', value: r.peakRssMb, unit: 'MB' },
      { bench: `mine (${r.name})`, metric: 'templates', value: r.templates, unit: '' },
    ]),
  );
}
