import { afterAll, describe, expect, it } from 'vitest';
import { MAX_EVIDENCE, type StoredLog } from '../domain/index.js';
import type { MlModel } from '../detect/ml/model.js';
import { trainModel } from '../detect/ml/train.js';
import type { RecordVerdict, SessionVerdict } from '../detect/ml/types.js';
import type { LogRow, Store } from '../store/store.js';
import { BACKENDS } from '../store/testing/backends.js';
import { detectAndGroup } from './detect-run.js';
import { createModelScorer, lineAlerts, ML_LINE_RULE, ML_SEQUENCE_RULE, ML_WATERMARK, mlSeverity, sessionAlerts } from './ml-scorer.js';

const T0 = Date.UTC(2024, 0, 15, 0);
const WEEK = 7 * 86_400_000;
const MIN = 60_000;

function log(id: number, fields: Partial<StoredLog> = {}): StoredLog {
  return { id, ts: T0 + id * 1000, service: 'api', level: 'INFO', message: `line ${id}`, attrs: {}, source: { file: 'a', line: id, offset: 0 }, templateId: 1, params: [], ...fields };
}

const anomalous = (index: number, score: number, factors: RecordVerdict['factors'] = []): RecordVerdict => ({
  index, score, anomalous: true, components: { forest: score, lstm: null, sequence: null, news: null }, factors,
});

const thresholds = { thresholds: { fpr: 0.01, global: 0.9, perHour: null } } as Pick<MlModel, 'thresholds'>;

describe('lineAlerts', () => {
  it('makes one alert per service, template and window, led by its highest-scoring line', () => {
    const logs = [log(1), log(2), log(3, { templateId: 2 }), log(4, { service: 'db' }), log(400)];
    const top = { kind: 'new_template' as const, text: 'never seen', weight: 0.9, templateId: 1, template: 'line <*>' };
    const drafts = lineAlerts(logs, [anomalous(0, 0.92), anomalous(1, 0.995, [top]), anomalous(2, 0.91), anomalous(3, 0.93), anomalous(4, 0.95)], thresholds, { windowMs: 5 * MIN });
    expect(drafts.map((d) => [d.scope, d.evidence, d.score])).toEqual([
      [{ service: 'api', templateId: 1 }, [1, 2], 0.995],
      [{ service: 'api', templateId: 2 }, [3], 0.91],
      [{ service: 'db', templateId: 1 }, [4], 0.93],
      [{ service: 'api', templateId: 1 }, [400], 0.95],
    ]);
    expect(drafts[0]).toMatchObject({
      source: 'ml', ruleName: ML_LINE_RULE, ruleId: null, severity: 'HIGH', windowStart: T0 + 1000, windowEnd: T0 + 2000, threshold: 0.9,
      message: '2 unusual lines in service api (model score 0.99).', factors: [top],
    });
    expect(new Set(drafts.map((d) => d.fingerprint)).size).toBe(4);
  });

  it('keeps the fingerprint of a window whatever lines it saw, so a rerun stores nothing twice', () => {
    const once = lineAlerts([log(1), log(2)], [anomalous(0, 0.95)], thresholds, { windowMs: 5 * MIN });
    const again = lineAlerts([log(1), log(2)], [anomalous(0, 0.95), anomalous(1, 0.97)], thresholds, { windowMs: 5 * MIN });
    expect(again[0]!.fingerprint).toBe(once[0]!.fingerprint);
  });

  it('reports a line raised by the news scorer alone with its news score against the news cut', () => {
    const news = { ...anomalous(0, 0.3), components: { forest: 0.3, lstm: null, sequence: null, news: 0.8 } };
    const both = { ...anomalous(1, 0.95), components: { forest: 0.95, lstm: null, sequence: null, news: 0.7 } };
    const [newsOnly, ensemble] = lineAlerts([log(1), log(2, { templateId: 2 })], [news, both], thresholds, { windowMs: 5 * MIN });
    expect(newsOnly).toMatchObject({ score: 0.8, observed: 0.8, threshold: 0.5, severity: 'LOW', message: 'An unusual line in service api (news score 0.80).' });
    expect(ensemble).toMatchObject({ score: 0.95, threshold: 0.9, message: 'An unusual line in service api (model score 0.95).' });
  });

  it('ignores verdicts that are not anomalous and caps the evidence', () => {
    const logs = Array.from({ length: 30 }, (_, i) => log(i + 1));
    const verdicts = logs.map((_, i) => ({ ...anomalous(i, 0.95), anomalous: i < 25 }));
    const [draft] = lineAlerts(logs, verdicts, thresholds, { windowMs: 5 * MIN });
    expect(draft!.evidence).toHaveLength(MAX_EVIDENCE);
    expect(draft!.message).toBe('25 unusual lines in service api (model score 0.95).');
  });
});

describe('sessionAlerts', () => {
  it('makes one alert per anomalous session, its lines as evidence', () => {
    const logs = [log(1), log(2), log(3)];
    const session = (key: string, indices: number[], isAnomalous: boolean): SessionVerdict => ({
      key, indices, score: isAnomalous ? 0.8 : 0.2, anomalous: isAnomalous, components: { forest: 0, lstm: null, sequence: 0.8, news: null }, factors: [],
    });
    const drafts = sessionAlerts(logs, [session('blk_1', [0, 2], true), session('blk_2', [1], false)]);
    expect(drafts).toMatchObject([
      { ruleName: ML_SEQUENCE_RULE, scope: { service: 'api' }, evidence: [1, 3], windowStart: T0 + 1000, windowEnd: T0 + 3000, threshold: 0.5, severity: 'LOW' },
    ]);
    expect(drafts[0]!.message).toBe('Unusual sequence of 2 lines in session blk_1 of service api (model score 0.80).');
  });
});

describe('mlSeverity', () => {
  it('is louder the higher the score', () => {
    expect([0.5, 0.9, 0.99, 1].map(mlSeverity)).toEqual(['LOW', 'MEDIUM', 'HIGH', 'HIGH']);
  });
});

/** Api traffic, a line every 20 s: requests, and a login every fifth line. */
function traffic(start: number, count: number, templates: { request: number; login: number }): LogRow[] {
  return Array.from({ length: count }, (_, i) => {
    const login = i % 5 === 0;
    const value = String((i * 37) % 50);
    return {
      ts: start + i * 20_000, service: 'api', level: 'INFO', attrs: {}, source: { file: 'api.log', line: i + 1, offset: 0 },
      message: login ? `user u${i % 13} logged in` : `request served in ${value} ms`, templateId: login ? templates.login : templates.request, params: [login ? `u${i % 13}` : value],
    };
  });
}

for (const backend of BACKENDS) {
  describe(`createModelScorer (${backend.name})`, () => {
    const stores: Store[] = [];
    afterAll(async () => {
      for (const s of stores) await s.close();
      await backend.cleanup();
    });

    it('scores records stored after the training period once, and groups the anomalies it finds', async () => {
      const store = await backend.open();
      stores.push(store);
      const [request, login, crash] = await store.upsertTemplates(['request served in <*> ms', 'user <*> logged in', 'segfault in worker <*>'].map((text) => ({
        key: `api:${text}`, service: 'api', text, example: text, firstSeen: T0, lastSeen: T0, countDelta: 1,
      })));
      const training = traffic(T0, 4000, { request: request!, login: login! });
      await store.appendBatch({ rows: training, rejects: [] });
      const trained = await trainModel(training.map((r) => ({ ...r, templateId: r.templateId! })), { lstm: false });
      if (!trained.ok) throw new Error(trained.reason);

      const later = traffic(T0 + WEEK, 300, { request: request!, login: login! });
      const crashAt = T0 + WEEK + 50 * MIN;
      const crashes: LogRow[] = [0, 1, 2].map((i) => ({ ...later[0]!, ts: crashAt + i * 1000, level: 'ERROR', message: `segfault in worker ${i}`, templateId: crash!, params: [String(i)] }));
      await store.appendBatch({ rows: [...later, ...crashes].sort((a, b) => a.ts - b.ts), rejects: [] });

      const scorer = createModelScorer(trained.model);
      const first = await detectAndGroup(store, { ml: scorer });
      expect(first.ml!.scored).toBe(later.length + crashes.length);
      const crashAlert = first.ml!.alerts.find((a) => a.scope.templateId === crash);
      expect(crashAlert).toMatchObject({ source: 'ml', ruleName: ML_LINE_RULE, windowStart: crashAt, windowEnd: crashAt + 2000, scope: { service: 'api' } });
      expect(crashAlert!.evidence).toHaveLength(3);
      expect(crashAlert!.factors.map((f) => f.kind)).toContain('new_template');
      expect(crashAlert!.incidentId).not.toBeNull();
      expect(await store.getWatermark(ML_WATERMARK)).toMatchObject({ ts: later[later.length - 1]!.ts });

      const second = await detectAndGroup(store, { ml: scorer });
      expect(second.ml).toEqual({ scored: 0, alerts: [], suppressed: 0 });

      const range = await detectAndGroup(store, { ml: scorer, since: crashAt, until: crashAt + MIN });
      expect(range.ml).toMatchObject({ scored: 6, alerts: [] });
    });
  });
}
