/**
 * Push ingestion with detection on, against the real server on 127.0.0.1 over a fresh SQLite file
 * (or BENCH_PUSH_DB, e.g. a postgres:// URL), in two scenarios of BENCH_PUSH_SECONDS each:
 *   flat out  BENCH_PUSH_CLIENTS Node clients (keep-alive fetch) post NDJSON requests of BENCH_PUSH_LINES
 *             lines back to back: the lines/s one process sustains (a 429 waits 50 ms and is resent);
 *   paced     the same clients at BENCH_PUSH_RATE lines/s in total (default 2,000, the watch bench's rate).
 * In both, every 250 ms a probe line that a keyword rule alerts on is pushed (each under its own user,
 * so each gets its own alert); line-to-alert latency is from sending it to the alert being stored.
 * Clients run in the server's process, so their cost counts too; the load average tells how busy the
 * machine was. BENCH_PUSH_DETECT=off measures ingestion alone.
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createIngestWriter } from '../src/ingest/writer.js';
import { issueToken } from '../src/server/auth/accounts.js';
import { buildApp } from '../src/server/app.js';
import { addUser } from '../src/server/testing.js';
import { openStore } from '../src/store/open.js';
import { emitFigures, peakRssMb, tempDir, type Figure } from './util.js';

export interface PushBenchOptions {
  seconds: number;
  clients: number;
  linesPerRequest: number;
  /** Lines/s of the paced scenario. */
  pacedRate: number;
  probeEveryMs: number;
  /** Run detection after commits (the probes need it). */
  detect: boolean;
}

export const DEFAULT_PUSH_BENCH: PushBenchOptions = {
  seconds: Number(process.env.BENCH_PUSH_SECONDS ?? 20),
  clients: Number(process.env.BENCH_PUSH_CLIENTS ?? 8),
  linesPerRequest: Number(process.env.BENCH_PUSH_LINES ?? 500),
  pacedRate: Number(process.env.BENCH_PUSH_RATE ?? 2000),
  probeEveryMs: 250,
  detect: process.env.BENCH_PUSH_DETECT !== 'off',
};

const SERVICES = ['api', 'auth', 'db', 'billing', 'search'];

export async function benchPush(opts: PushBenchOptions = DEFAULT_PUSH_BENCH): Promise<Figure[]> {
  const load = loadavg()[0]!;
  const flat = await scenario(opts, null);
  const paced = await scenario(opts, opts.pacedRate);
  return [
    ...flat,
    ...paced,
    { bench: 'push', metric: 'peak RSS (server + clients)', value: peakRssMb(), unit: 'MB' },
    { bench: 'push', metric: 'load average (1 min) at start', value: Number(load.toFixed(2)), unit: '' },
  ];
}

/** One server on a fresh store, pushed at `rate` lines/s (null: as fast as it answers). */
async function scenario(opts: PushBenchOptions, rate: number | null): Promise<Figure[]> {
  const bench = rate === null ? 'push (flat out)' : `push (${rate} lines/s)`;
  const dir = tempDir('push');
  const store = await openStore(process.env.BENCH_PUSH_DB ?? join(dir, 'push.db'));
  await store.createRule({
    name: 'panic', type: 'keyword', severity: 'CRITICAL', enabled: true, scope: {},
    params: { pattern: 'panic', threshold: 1, window_minutes: 1, group_by: ['user'], cooldown_minutes: 0.001 },
  });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const writer = createIngestWriter(store, {
    detect: opts.detect ? {} : null,
    onDetected: (result) => {
      const now = Date.now();
      for (const alert of result.detection.alerts) {
        const at = alert.scope.user ? sentAt.get(alert.scope.user) : undefined;
        if (at !== undefined) latencies.push(now - at);
      }
    },
  });
  const app = await buildApp({ store, webRoot: null });
  try {
    await addUser(store, 'shipper', 'viewer');
    const token = await issueToken(store, { userName: 'shipper', name: 'bench' });
    if (token.kind !== 'issued') throw new Error('no bench token');
    const url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/api/v1/ingest`;
    const headers = { authorization: `Bearer ${token.token}`, 'content-type': 'application/x-ndjson' };
    const post = async (body: string): Promise<number> => {
      const res = await fetch(url, { method: 'POST', headers, body });
      await res.arrayBuffer();
      return res.status;
    };

    const start = performance.now();
    const deadline = start + opts.seconds * 1000;
    const everyMs = rate === null ? 0 : (opts.clients * opts.linesPerRequest * 1000) / rate;
    const counts = { lines: 0, refused: 0, failed: 0 };
    const client = async (c: number) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const due = start + n * everyMs + (c * everyMs) / opts.clients;
        if (performance.now() < due) await sleep(due - performance.now());
        const body = backgroundLines(c, n, opts.linesPerRequest);
        let status = await post(body);
        for (; status === 429; status = await post(body)) {
          counts.refused++;
          await sleep(50);
        }
        if (status === 200) counts.lines += opts.linesPerRequest;
        else counts.failed++;
      }
    };
    const prober = async () => {
      for (let k = 0; performance.now() < deadline; k++) {
        const user = `probe-${k}`;
        sentAt.set(user, Date.now());
        const line = { ts: new Date().toISOString(), service: 'kernel', level: 'error', user, message: `kernel panic-${k} in worker` };
        await post(`${JSON.stringify(line)}\n`);
        await sleep(opts.probeEveryMs);
      }
    };
    await Promise.all([...Array.from({ length: opts.clients }, (_, c) => client(c)), prober()]);
    const seconds = (performance.now() - start) / 1000;
    await writer.idle();

    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
    return [
      { bench, metric: `lines/s (${opts.clients} clients × ${opts.linesPerRequest} lines)`, value: Math.round(counts.lines / seconds), unit: 'lines/s' },
      { bench, metric: 'records stored', value: await store.countLogs(), unit: '' },
      { bench, metric: 'requests refused (429, resent)', value: counts.refused, unit: '' },
      { bench, metric: 'requests failed (other)', value: counts.failed, unit: '' },
      { bench, metric: `alerts timed (of ${sentAt.size} probes)`, value: latencies.length, unit: '' },
      { bench, metric: 'line-to-alert p50', value: q(0.5), unit: 'ms' },
      { bench, metric: 'line-to-alert p99', value: q(0.99), unit: 'ms', target: '< 1000' },
    ];
  } finally {
    await app.close();
    await writer.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One request's lines: a few templates over five services, stamped now. */
function backgroundLines(client: number, n: number, lines: number): string {
  const ts = new Date().toISOString();
  let body = '';
  for (let i = 0; i < lines; i++) {
    const k = n * lines + i;
    const service = SERVICES[(client + i) % SERVICES.length];
    const message = k % 3 === 0 ? `GET /api/v1/items/${k % 9973} completed in ${k % 900} ms` : k % 3 === 1 ? `Cache miss for key session:${(k * 2654435761) % 4294967296}` : `Job ${k % 10_000} finished with status ok`;
    body += `{"ts":"${ts}","service":"${service}","level":"info","user":"user${k % 500}","message":"${message}"}\n`;
  }
  return body;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (import.meta.url === `file://${process.argv[1]}`) emitFigures(await benchPush());
