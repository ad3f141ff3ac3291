import { afterAll, describe, expect, it } from 'vitest';
import { placeholderLabel } from './factor-labels.js';
import type { PackableRecord } from './packed-events.js';
import { scoreRecords } from './score.js';
import { startScoreThread, type ScoreThread } from './score-thread.js';
import { LOGIN, normalRequests, QUERY, record } from './test-logs.js';
import { plantedNewsLogs, RARE } from './test-news-logs.js';
import { trainModel } from './train.js';

const options = { sessionKey: { kind: 'field', field: 'requestId' }, lstm: false, sensitivity: 'medium' } as const;

describe('scoring on a worker thread', () => {
  const threads: ScoreThread[] = [];
  afterAll(() => Promise.all(threads.map((t) => t.close())));

  it('reports exactly what scoreRecords does on the same records and batches, for inputs fed in turn, however they are cut into parts', async () => {
    const trained = await trainModel(normalRequests(400, 1), options);
    if (!trained.ok) throw new Error(trained.reason);
    const fresh = normalRequests(150, 2);
    const t = fresh[fresh.length - 1]!.ts;
    // A broken session (login then logout without a query) and unusual lines, so both kinds of verdicts occur.
    const records = [...fresh, record(t + 1000, 'odd', LOGIN, 'INFO', ['nobody']), record(t + 2000, 'odd', QUERY, 'ERROR', ['secrets'])];
    const batchSize = 97;
    const inputs = [records.slice(0, 300), records.slice(300)];
    const expected = await Promise.all(inputs.map((rs) => scoreRecords(trained.model, rs, { onlyAnomalous: true, label: placeholderLabel, batchSize })));
    expect(expected[1]!.records.length + expected[1]!.sessions.length).toBeGreaterThan(0);
    // Parts smaller than a batch and not dividing it, as large as a batch, larger than a batch.
    for (const partSize of [40, 97, 5000]) {
      const thread = startScoreThread(trained.model, batchSize, partSize);
      threads.push(thread);
      const candidates = inputs.map((rs) => new Array<number>(rs.length).fill(-1));
      const opened = inputs.map((_, k) => thread.open((from, flags) => flags.forEach((f, i) => (candidates[k]![from + i] = f))));
      // The template id given apart is the one scored (a store's record carries the store's numbering).
      inputs.forEach((rs, k) => rs.forEach((r) => opened[k]!.push({ ...r, templateId: -1 } as PackableRecord, r.templateId)));
      const reports = await Promise.all(opened.map((input) => input.end()));
      expect(reports).toEqual(expected);
      // Every record was answered before the report, and every record in a verdict was a candidate.
      for (const [k, report] of reports.entries()) {
        expect(candidates[k]!.every((f) => f === 0 || f === 1)).toBe(true);
        const inVerdicts = [...report.records.map((v) => v.index), ...report.sessions.flatMap((s) => s.indices)];
        expect(inVerdicts.filter((i) => candidates[k]![i] !== 1)).toEqual([]);
      }
    }
  });

  it('raises news lines as scoreRecords does (level, service and template cross in the packed columns)', async () => {
    const { records, burst } = plantedNewsLogs();
    const trained = await trainModel(records, { lstm: false });
    if (!trained.ok) throw new Error(trained.reason);
    const thread = startScoreThread(trained.model);
    threads.push(thread);
    const candidates = new Array<number>(records.length).fill(-1);
    const input = thread.open((from, flags) => flags.forEach((f, i) => (candidates[from + i] = f)));
    for (const r of records) input.push(r, r.templateId);
    const report = await input.end();
    expect(report).toEqual(await scoreRecords(trained.model, records, { onlyAnomalous: true, label: placeholderLabel }));
    // Without sessions most records can be let go early; none that a verdict names.
    expect(report.records.filter((v) => candidates[v.index] !== 1)).toEqual([]);
    expect(candidates.filter((f) => f === 0).length).toBeGreaterThan(records.length / 2);
    for (const i of burst) {
      const v = report.records.find((r) => r.index === i);
      expect(v?.factors.find((f) => f.kind === 'rare_template')).toMatchObject({ templateId: RARE, template: placeholderLabel(RARE) });
    }
  });

  it('fails the inputs still open when it is closed', async () => {
    const trained = await trainModel(normalRequests(50, 3), options);
    if (!trained.ok) throw new Error(trained.reason);
    const thread = startScoreThread(trained.model);
    await thread.close();
    await expect(thread.open().end()).rejects.toThrow(/closed/);
  });
});
