/**
 * REST API latency under load: 1,000,000 records (BENCH_API_ROWS) written straight through
 * store.appendBatch into a fresh SQLite file (or BENCH_API_DB, e.g. a postgres:// URL), 200
 * alerts in 40 incidents, then autocannon (10 connections from a worker thread, BENCH_API_SECONDS
 * each, after a short warm-up) against the real server on 127.0.0.1 with an API token. Target: p99 < 100 ms for the incidents list and a
 * filtered logs query. The other scenarios show where an index would be needed.
 */
import { createRequire } from 'node:module';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertDraft, Level } from '../src/domain/index.js';
import { issueToken } from '../src/server/auth/accounts.js';
import { buildApp } from '../src/server/app.js';
import { addUser } from '../src/server/testing.js';
import { openStore } from '../src/store/open.js';
import type { LogRow, Store } from '../src/store/store.js';
import { emitFigures, prng, tempDir, type Figure } from './util.js';

interface AutocannonResult {
  latency: { p50: number; p99: number };
  requests: { average: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (opts: { url: string; connections: number; duration: number; workers: number; headers: Record<string, string> }) => Promise<AutocannonResult>;
// autocannon ships no types; this is the slice used here.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const SERVICES = ['auth', 'api', 'db', 'billing', 'search', 'gateway', 'worker', 'cache'];
const START = Date.UTC(2026, 0, 5);
const STEP_MS = 50;

const TEMPLATES: { text: string; level: Level; make(r: () => number): string[] }[] = [
  { text: 'GET <*> completed in <*> ms', level: 'INFO', make: (r) => [`/api/v1/items/${Math.floor(r() * 1e5)}`, String(Math.floor(r() * 900))] },
  { text: 'Login failed for <*> from <IP>', level: 'WARN', make: (r) => [`user${Math.floor(r() * 500)}`, `10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`] },
  { text: 'Connection to <*> refused after <*> s', level: 'ERROR', make: (r) => ['db-primary:5432', String(Math.floor(r() * 30))] },
  { text: 'Cache miss for key <*>', level: 'DEBUG', make: (r) => [`session:${Math.floor(r() * 1e9).toString(16)}`] },
  { text: 'Job <*> finished in <*> s', level: 'INFO', make: (r) => [String(Math.floor(r() * 1e4)), (r() * 100).toFixed(2)] },
];

function render(text: string, params: string[]): string {
  let i = 0;
  return text.replace(/<[^<>]*>/g, () => params[i++] ?? '');
}

/** The bench data set: `rows` records over 8 services and 5 templates, 200 alerts, 40 incidents. */
export async function seedApiBench(store: Store, rows: number): Promise<void> {
  const r = prng(7);
  const ids = await store.upsertTemplates(
    TEMPLATES.map((t, i) => ({ key: `bench:${i}`, service: 'bench', text: t.text, example: t.text, firstSeen: START, lastSeen: START, countDelta: 0 })),
  );
  for (let done = 0; done < rows; ) {
    const batch: LogRow[] = [];
    for (let i = 0; i < 10_000 && done < rows; i++, done++) {
      const k = r() < 0.05 ? 2 : Math.floor(r() * TEMPLATES.length);
      const t = TEMPLATES[k]!;
      const params = t.make(r);
      batch.push({
        ts: START + done * STEP_MS, service: SERVICES[done % SERVICES.length]!, host: `host-${done % 20}`, level: t.level,
        user: `user${Math.floor(r() * 500)}`, message: render(t.text, params), attrs: {}, templateId: ids[k]!, params,
        source: { file: 'bench.log', line: done + 1, offset: done * 90 },
      });
    }
    const out = await store.appendBatch({ rows: batch, rejects: [] });
    if (out.kind !== 'stored') throw new Error('bench seeding conflicted');
  }
  const drafts: AlertDraft[] = Array.from({ length: 200 }, (_, i) => ({
    fingerprint: `bench:${i}`, source: i % 4 === 0 ? 'zscore' : 'rule', ruleId: null, ruleName: `rule-${i % 7}`, severity: 'HIGH',
    scope: { service: SERVICES[i % SERVICES.length] }, windowStart: START + i * 60_000, windowEnd: START + i * 60_000 + 300_000,
    observed: 10, threshold: 5, score: null, message: `burst ${i}`, evidence: [1 + i * 100, 2 + i * 100, 3 + i * 100], factors: [],
  }));
  const alerts = await store.insertAlerts(drafts);
  for (let i = 0; i < 40; i++) {
    const members = alerts.slice(i * 5, i * 5 + 5);
    await store.createIncident({
      title: `Incident ${i}`, status: 'open', severity: 'HIGH', start: members[0]!.windowStart, end: members[4]!.windowEnd,
      services: [...new Set(members.map((m) => m.scope.service!))], templateIds: [], users: [], hosts: [], members: members.map((m) => m.id),
      updatedAt: Date.now(), resolvedAt: null,
    });
  }
}

export async function benchApi(opts = { rows: Number(process.env.BENCH_API_ROWS ?? 1_000_000), seconds: Number(process.env.BENCH_API_SECONDS ?? 10) }): Promise<Figure[]> {
  const dir = tempDir('api');
  const store = await openStore(process.env.BENCH_API_DB ?? join(dir, 'bench.db'));
  const app = await buildApp({ store, webRoot: null });
  try {
    const t0 = performance.now();
    await seedApiBench(store, opts.rows);
    const seedSeconds = (performance.now() - t0) / 1000;
    await addUser(store, 'bench', 'viewer');
    const token = await issueToken(store, { userName: 'bench', name: 'bench' });
    if (token.kind !== 'issued') throw new Error('no bench token');
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const mid = START + Math.floor(opts.rows / 2) * STEP_MS;
    const scenarios: [name: string, path: string, target?: string][] = [
      ['incidents list', '/api/v1/incidents?limit=50', '< 100'],
      ['logs: service + level', '/api/v1/logs?service=db&level=ERROR&limit=100', '< 100'],
      ['logs: service + 10 min window', `/api/v1/logs?service=api&since=${mid}&until=${mid + 600_000}&limit=100`],
      ['logs: by template', '/api/v1/logs?template=3&limit=100'],
      ['logs: full text (common)', '/api/v1/logs?grep=refused&limit=100'],
      ['logs: full text (rare)', '/api/v1/logs?grep=item%2F99999%20&limit=100'],
      ['incident detail', '/api/v1/incidents/1'],
    ];
    const figures: Figure[] = [{ bench: 'api', metric: `seed ${opts.rows} records`, value: Number(seedSeconds.toFixed(1)), unit: 's' }];
    const load = (path: string, duration: number) =>
      autocannon({ url: `${base}${path}`, connections: 10, duration, workers: 1, headers: { authorization: `Bearer ${token.token}` } });
    await load(scenarios[0]![1], 2);
    for (const [name, path, target] of scenarios) {
      const result = await load(path, opts.seconds);
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
      figures.push(
        { bench: 'api', metric: `${name} p50`, value: result.latency.p50, unit: 'ms' },
        { bench: 'api', metric: `${name} p99`, value: result.latency.p99, unit: 'ms', ...(target ? { target } : {}) },
        { bench: 'api', metric: `${name} req/s`, value: Math.round(result.requests.average), unit: 'req/s' },
      );
    }
    return figures;
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) emitFigures(await benchApi());
