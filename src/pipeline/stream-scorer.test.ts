import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOGIN, LOGOUT, normalRequests, QUERY, record } from '../detect/ml/test-logs.js';
import { trainModel } from '../detect/ml/train.js';
import { openStore } from '../store/open.js';
import type { LogRow, Store } from '../store/store.js';
import { handLogsTo } from './memory-logs.js';
import { createModelScorer } from './ml-scorer.js';
import { createStreamScorer } from './stream-scorer.js';

const dir = mkdtempSync(join(tmpdir(), 'logtrack-stream-scorer-'));
const stores: Store[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A store whose templates 1, 2, 3 are the test logs' login, query and logout (the model's ids). */
async function storeWithTemplates(name: string): Promise<Store> {
  const store = await openStore(join(dir, name));
  stores.push(store);
  const ids = await store.upsertTemplates(['user <*> logged in', 'query on <*>', 'user <*> logged out'].map((text) => ({
    key: `api:${text}`, service: 'api', text, example: text, firstSeen: 0, lastSeen: 0, countDelta: 0,
  })));
  expect(ids).toEqual([LOGIN, QUERY, LOGOUT]);
  return store;
}

describe('scoring records as they arrive', () => {
  for (const thread of ['main', 'worker'] as const) {
    it(`makes the drafts createModelScorer makes from the stored records, chunk by chunk (${thread} thread)`, async () => {
      const trained = await trainModel(normalRequests(600, 1), { sessionKey: { kind: 'field', field: 'requestId' }, lstm: false });
      if (!trained.ok) throw new Error(trained.reason);
      const fresh = normalRequests(2600, 2);
      const t = fresh[fresh.length - 1]!.ts;
      const odd = [record(t + 1000, 'odd', LOGIN, 'INFO', ['nobody']), record(t + 2000, 'odd', QUERY, 'ERROR', ['secrets']), record(t + 3000, 'odd', QUERY, 'ERROR', ['secrets'])];
      // Planted lines in the middle and the end, and lines the miner left without a template (not scored).
      const records = [...fresh.slice(0, 6000), ...odd, ...fresh.slice(6000), ...odd.map((r) => ({ ...r, ts: r.ts + 5000 }))];
      const rows: LogRow[] = records.map((r, i) => ({
        ...r, attrs: r.attrs ?? {}, source: { file: 'api.log', line: i + 1, offset: i * 50 }, templateId: i % 997 === 5 ? null : r.templateId,
      }));
      expect(rows.length).toBeGreaterThan(10_000); // three chunks of 5000 (chunkRecords 3000 in pages of 5000)

      const stored = await storeWithTemplates(`stored-${thread}.db`);
      for (let i = 0; i < rows.length; i += 5000) await stored.appendBatch({ rows: rows.slice(i, i + 5000).map((r) => ({ ...r })), rejects: [] });
      const expected = await createModelScorer(trained.model, { chunkRecords: 3000 }).score(stored, { since: 0 });

      const inner = await storeWithTemplates(`streamed-${thread}.db`);
      const scorer = createStreamScorer(trained.model, inner, { chunkRecords: 3000, pageRecords: 5000, thread });
      const streamed = handLogsTo(inner, scorer);
      for (let i = 0; i < rows.length; i += 777) await streamed.appendBatch({ rows: rows.slice(i, i + 777).map((r) => ({ ...r })), rejects: [] });
      const got = await scorer.score(streamed, { since: 0 });

      expect(got.scored).toBe(expected.scored);
      expect(got.drafts).toEqual(expected.drafts);
      expect(got.drafts.some((d) => d.ruleName === 'ml-sequence')).toBe(true);
      const evidence = [...new Set(got.drafts.flatMap((d) => d.evidence))];
      expect(await streamed.getLogs(evidence)).toEqual(await stored.getLogs(evidence));
    }, 60_000);
  }
});
