/** Synthetic request logs for tests: sessions keyed by request id, one template per step. */
import type { Level } from '../../domain/index.js';
import { createPrng } from './prng.js';
import type { MlRecord } from './types.js';

export const LOGIN = 1;
export const QUERY = 2;
export const LOGOUT = 3;

const T0 = Date.UTC(2024, 2, 4, 9, 0, 0);

export function record(ts: number, request: string, templateId: number, level: Level = 'INFO', params: string[] = []): MlRecord {
  return { ts, service: 'api', level, templateId, params, message: `step ${templateId} of ${request} ${params.join(' ')}`, attrs: { requestId: request } };
}

/** `count` normal requests: login, 1–3 queries, logout; a few seconds apart, interleaved in time. */
export function normalRequests(count: number, seed: number, start = T0): MlRecord[] {
  const p = createPrng(seed);
  const out: MlRecord[] = [];
  for (let i = 0; i < count; i++) {
    const id = `r${seed}-${String(i).padStart(5, '0')}`;
    let ts = start + i * 4000;
    const user = `user${p.int(20)}`;
    out.push(record(ts, id, LOGIN, 'INFO', [user]));
    const queries = 1 + p.int(3);
    for (let q = 0; q < queries; q++) out.push(record((ts += 500), id, QUERY, 'INFO', [`table${p.int(5)}`]));
    out.push(record((ts += 500), id, LOGOUT, 'INFO', [user]));
  }
  return out.sort((a, b) => a.ts - b.ts);
}
