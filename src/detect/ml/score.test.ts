import { describe, expect, it } from 'vitest';
import { scoreRecords } from './score.js';
import { plantedNewsLogs, RARE } from './test-news-logs.js';
import { LOGIN, normalRequests, QUERY, record } from './test-logs.js';
import { trainModel } from './train.js';

describe('news in the trained model', () => {
  it('flags a burst of a rare ERROR template in steady logs, with the news factor, and not a steady ERROR template', async () => {
    const { records, burst, steadyErrors } = plantedNewsLogs();
    const trained = await trainModel(records, { lstm: false });
    if (!trained.ok) throw new Error(trained.reason);
    expect(trained.model.news).not.toBeNull();
    const report = await scoreRecords(trained.model, records, { label: (id) => `T${id}` });
    for (const i of burst) {
      const v = report.records[i]!;
      expect(v.anomalous).toBe(true);
      expect(v.components.news).toBeGreaterThan(0.5);
      const rare = v.factors.find((f) => f.kind === 'rare_template');
      expect(rare).toMatchObject({ templateId: RARE, template: `T${RARE}`, seen: burst.size });
      expect(rare?.text).toContain('service api');
      expect(v.factors.some((f) => f.kind === 'severity')).toBe(true);
    }
    // Only the burst is news: the steady ERROR template recurs through the log, INFO lines weigh little.
    const news = report.records.filter((v) => (v.components.news ?? 0) > 0.5).map((v) => v.index);
    expect(news.sort((a, b) => a - b)).toEqual([...burst]);
    expect(steadyErrors.size).toBeGreaterThan(5);
    for (const i of steadyErrors) expect(report.records[i]!.factors.some((f) => f.kind === 'rare_template')).toBe(false);
  });

  it('keeps news out of the ensemble score, and with news off does not compute it', async () => {
    const { records, burst } = plantedNewsLogs();
    const withNews = await trainModel(records, { lstm: false });
    const without = await trainModel(records, { lstm: false, news: false });
    if (!withNews.ok || !without.ok) throw new Error('training failed');
    expect(without.model.news).toBeNull();
    const a = await scoreRecords(withNews.model, records);
    const b = await scoreRecords(without.model, records);
    expect(a.records.map((v) => v.score)).toEqual(b.records.map((v) => v.score));
    expect(b.records.every((v) => v.components.news === null && !v.factors.some((f) => f.kind === 'rare_template'))).toBe(true);
    // With only anomalous verdicts asked for, the news lines are still scored and raised.
    const only = await scoreRecords(withNews.model, records, { onlyAnomalous: true });
    for (const i of burst) expect(only.records.find((v) => v.index === i)?.components.news).toBeGreaterThan(0.5);
  });
});

describe('only anomalous verdicts', () => {
  it('are the anomalous ones of a full scoring, to the last digit, with and without sessions', async () => {
    for (const sessionKey of [{ kind: 'service' }, { kind: 'field', field: 'requestId' }] as const) {
      const trained = await trainModel(normalRequests(300, 5), { sessionKey, lstm: false });
      if (!trained.ok) throw new Error(trained.reason);
      const fresh = normalRequests(200, 6);
      const t = fresh[fresh.length - 1]!.ts;
      const odd = [1, 2, 3, 4].map((k) => record(t + k * 1000, `odd${k}`, k % 2 ? QUERY : LOGIN, k > 2 ? 'ERROR' : 'WARN', [`x${k}`.repeat(k * 9)]));
      const records = [...fresh, ...odd];
      const all = await scoreRecords(trained.model, records, { batchSize: 333 });
      const only = await scoreRecords(trained.model, records, { batchSize: 333, onlyAnomalous: true });
      expect(only.records.length).toBeGreaterThan(0);
      expect(only.records).toEqual(all.records.filter((v) => v.anomalous));
      expect(only.sessions).toEqual(all.sessions.filter((v) => v.anomalous));
    }
  });
});
