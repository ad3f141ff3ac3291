/**
 * Builders shared by the store tests and their worker processes: valid domain objects with
 * overridable fields.
 */
import type { AlertDraft, Incident, RuleDraft } from '../../domain/index.js';
import type { LogRow, TemplateUpsert } from '../store.js';

export const T0 = Date.UTC(2024, 0, 15, 12, 0, 0);

export function logRow(fields: Partial<LogRow> = {}): LogRow {
  return {
    ts: T0,
    service: 'api',
    level: 'INFO',
    message: 'request served',
    attrs: {},
    source: { file: 'app.log', line: 1, offset: 0 },
    templateId: null,
    params: [],
    ...fields,
  };
}

export function templateUpsert(fields: Partial<TemplateUpsert> = {}): TemplateUpsert {
  return { key: 'api:request <*>', service: 'api', text: 'request <*>', example: 'request 42', firstSeen: T0, lastSeen: T0, countDelta: 1, ...fields };
}

export function ruleDraft(fields: Partial<RuleDraft> = {}): RuleDraft {
  return { name: 'many-errors', type: 'keyword', params: { keyword: 'error', threshold: 5 }, severity: 'HIGH', enabled: true, scope: {}, ...fields };
}

export function alertDraft(fields: Partial<AlertDraft> = {}): AlertDraft {
  return {
    fingerprint: 'many-errors|api|0',
    source: 'rule',
    ruleId: null,
    ruleName: 'many-errors',
    severity: 'HIGH',
    scope: { service: 'api' },
    windowStart: T0,
    windowEnd: T0 + 60_000,
    observed: 12,
    threshold: 5,
    score: null,
    message: '12 errors in 1 minute',
    evidence: [1, 2, 3],
    factors: [{ kind: 'rule', text: '12 errors (threshold 5)', weight: 1, rule: 'many-errors', threshold: 5, observed: 12 }],
    ...fields,
  };
}

export function incidentFields(fields: Partial<Omit<Incident, 'id'>> = {}): Omit<Incident, 'id'> {
  return {
    title: 'api errors', status: 'open', severity: 'HIGH', start: T0, end: T0 + 60_000, services: ['api'], templateIds: [],
    users: [], hosts: [], members: [], updatedAt: T0, resolvedAt: null, ...fields,
  };
}

/** Collect every page of an async iterable. */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
