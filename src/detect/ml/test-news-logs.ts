/** Synthetic logs for the news scorer inside the trained model (score.test.ts, score-thread.test.ts). */
import { normalRequests } from './test-logs.js';
import type { MlRecord } from './types.js';

export const RARE = 50;
const DB_OK = 60;
const DB_FAILED = 61;

/**
 * Steady request logs (service api, INFO) with a database service whose ERROR template makes half
 * its lines all through the log, and, in one short stretch, a burst of a rare ERROR template of api.
 */
export function plantedNewsLogs(): { records: MlRecord[]; burst: Set<number>; steadyErrors: Set<number> } {
  const base = normalRequests(400, 11);
  const records: MlRecord[] = [];
  base.forEach((r, i) => {
    records.push(r);
    if (i % 20 === 10) {
      const failed = (i / 20) % 2 >= 1;
      records.push({ ts: r.ts + 1, service: 'db', level: failed ? 'ERROR' : 'INFO', templateId: failed ? DB_FAILED : DB_OK, params: [], message: failed ? 'query failed' : 'query ok' });
    }
  });
  const at = Math.floor(records.length * 0.6);
  const t = records[at]!.ts;
  const planted = Array.from({ length: 5 }, (_, k): MlRecord => ({ ts: t + k, service: 'api', level: 'ERROR', templateId: RARE, params: [], message: 'disk full' }));
  records.splice(at, 0, ...planted);
  const burst = new Set(planted.map((_, k) => at + k));
  const steadyErrors = new Set(records.flatMap((r, i) => (r.templateId === DB_FAILED ? [i] : [])));
  return { records, burst, steadyErrors };
}
