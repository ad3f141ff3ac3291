/**
 * Test helpers for the server and the browser tests: a small, realistic data set written through
 * the Store port (records, templates, an alert with evidence, an anomaly, an incident), and
 * signing in over `app.inject`.
 */
import type { FastifyInstance } from 'fastify';
import type { AlertDraft, Level } from '../domain/index.js';
import type { LogRow, Role, Store } from '../store/store.js';
import { createAccount } from './auth/accounts.js';

export const SEED_START = Date.UTC(2025, 2, 3, 8, 0, 0);
export const PASSWORD = 'correct horse battery';

interface SeedTemplate {
  key: string;
  service: string;
  text: string;
  level: Level;
  params: (i: number) => string[];
  message: (p: string[]) => string;
}

const TEMPLATES: SeedTemplate[] = [
  {
    key: 'api:GET', service: 'api', text: 'GET <*> returned <*> in <*> ms', level: 'INFO',
    params: (i) => [`/orders/${i % 50}`, i % 17 === 0 ? '500' : '200', String(5 + (i % 40))],
    message: (p) => `GET ${p[0]} returned ${p[1]} in ${p[2]} ms`,
  },
  {
    key: 'auth:failed', service: 'auth', text: 'Failed password for <*> from <IP> port <*>', level: 'WARN',
    params: (i) => [Math.floor(i / 3) % 3 === 0 ? 'root' : 'alice', `10.0.0.${i % 7}`, String(40000 + i)],
    message: (p) => `Failed password for ${p[0]} from ${p[1]} port ${p[2]}`,
  },
  {
    key: 'db:refused', service: 'db', text: 'Connection refused to <IP>:<*>', level: 'ERROR',
    params: () => ['10.1.2.3', '5432'],
    message: (p) => `Connection refused to ${p[0]}:${p[1]}`,
  },
];

export interface Seeded {
  logIds: number[];
  templateIds: number[];
  alertIds: number[];
  incidentId: number;
  /** The records the rule alert cites. */
  evidenceIds: number[];
  start: number;
  end: number;
}

/** `records` lines spread over two hours from `start`, cycling api, auth and db. */
export async function seedDemo(store: Store, opts: { records?: number; start?: number } = {}): Promise<Seeded> {
  const records = opts.records ?? 300;
  const start = opts.start ?? SEED_START;
  const step = Math.floor((2 * 3600_000) / records);
  const templateIds = await store.upsertTemplates(
    TEMPLATES.map((t) => ({ key: t.key, service: t.service, text: t.text, example: t.message(t.params(0)), firstSeen: start, lastSeen: start + 2 * 3600_000, countDelta: 0 })),
  );
  const rows: LogRow[] = [];
  const volume = new Map<string, { templateId: number; minute: number; count: number }>();
  for (let i = 0; i < records; i++) {
    const t = TEMPLATES[i % TEMPLATES.length]!;
    const templateId = templateIds[i % TEMPLATES.length]!;
    const params = t.params(i);
    const ts = start + i * step;
    rows.push({
      ts, service: t.service, host: `${t.service}-1`, level: t.level, message: t.message(params), attrs: {},
      user: t.service === 'auth' ? params[0] : undefined, source: { file: `${t.service}.log`, line: i + 1, offset: i * 80 }, templateId, params,
    });
    const minute = ts - (ts % 60_000);
    const key = `${templateId}:${minute}`;
    const v = volume.get(key) ?? { templateId, minute, count: 0 };
    v.count++;
    volume.set(key, v);
  }
  const outcome = await store.appendBatch({ rows, rejects: [] });
  if (outcome.kind !== 'stored') throw new Error('seeding the store failed');
  await store.addTemplateVolume([...volume.values()]);
  await store.upsertTemplates(TEMPLATES.map((t, i) => ({
    key: t.key, service: t.service, text: t.text, example: '', firstSeen: start, lastSeen: start, countDelta: rows.filter((r) => r.templateId === templateIds[i]).length,
  })));

  const logIds = outcome.ids;
  const inWindow = (i: number, from: number, to: number) => rows[i]!.ts >= from && rows[i]!.ts < to;
  const authIds = logIds.filter((_, i) => i % TEMPLATES.length === 1 && inWindow(i, start + 600_000, start + 1_200_000));
  const dbIds = logIds.filter((_, i) => i % TEMPLATES.length === 2 && inWindow(i, start + 900_000, start + 1_200_000));
  const evidenceIds = authIds.slice(0, 5);
  const end = start + 2 * 3600_000;
  const drafts: AlertDraft[] = [
    {
      fingerprint: `seed:user_failures:${start}`, source: 'rule', ruleId: null, ruleName: 'ssh-bruteforce', severity: 'HIGH',
      scope: { service: 'auth', user: 'root' }, windowStart: start + 600_000, windowEnd: start + 1_200_000, observed: 12, threshold: 5, score: null,
      message: '12 failed logins for root in 10 minutes', evidence: evidenceIds,
      factors: [
        { kind: 'rule', text: 'rule ssh-bruteforce: 12 failures ≥ threshold 5', weight: 0.9, rule: 'ssh-bruteforce', threshold: 5, observed: 12 },
        { kind: 'unusual_time', text: 'logins at 03:00 are unusual for root (normally 08–18)', weight: 0.4, hour: 3, normalHours: [8, 18] },
      ],
    },
    {
      fingerprint: `seed:zscore:${start}`, source: 'zscore', ruleId: null, ruleName: 'zscore', severity: 'MEDIUM',
      scope: { service: 'db' }, windowStart: start + 900_000, windowEnd: start + 1_200_000, observed: 40, threshold: 3, score: 0.8,
      message: 'db volume 4.2σ above its baseline', evidence: dbIds.slice(0, 3),
      factors: [{ kind: 'burst', text: '40 records in 5 minutes, normally 8', weight: 0.7, observed: 40, windowMinutes: 5, normal: 8 }],
    },
  ];
  const alerts = await store.insertAlerts(drafts);
  const lead = alerts.find((a) => a.source === 'rule')!;
  const incident = await store.createIncident({
    title: 'Failed logins for root on auth', status: 'open', severity: 'HIGH', start: lead.windowStart, end: lead.windowEnd,
    services: ['auth'], templateIds: [templateIds[1]!], users: ['root'], hosts: ['auth-1'], members: [lead.id], updatedAt: Date.now(), resolvedAt: null,
  });
  return { logIds, templateIds, alertIds: alerts.map((a) => a.id), incidentId: incident.id, evidenceIds, start, end };
}

export async function addUser(store: Store, name: string, role: Role, password = PASSWORD): Promise<void> {
  const outcome = await createAccount(store, { name, role, password });
  if (outcome.kind !== 'created') throw new Error(`could not create test user ${name}: ${outcome.kind}`);
}

export interface SignedInSession {
  cookie: string;
  csrf: string;
}

export async function signIn(app: FastifyInstance, username: string, password = PASSWORD): Promise<SignedInSession> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.headers['set-cookie'];
  const cookie = String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!;
  return { cookie, csrf: (res.json() as { csrf: string }).csrf };
}

/** Headers for a request over a session; `write` adds the CSRF header. */
export function sessionHeaders(s: SignedInSession, write = false): Record<string, string> {
  return write ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : { cookie: s.cookie };
}
