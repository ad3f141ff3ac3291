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

  it('reports exactly what scoreRecords does on the same records and batches, for inputs fed in turn', async () => {
    const trained = await trainModel(normalRequests(400, 1), options);
    if (!trained.ok) throw new Error(trained.reason);
    const fresh = normalRequests(150, 2);
    const t = fresh[fresh.length - 1]!.ts;
    // A broken session (login then logout without a query) and unusual lines, so both kinds of verdicts occur.
    const records = [...fresh, record(t + 1000, 'odd', LOGIN, 'INFO', ['nobody']), record(t + 2000, 'odd', QUERY, 'ERROR', ['secrets'])];
    const batchSize = 97;
    const thread = startScoreThread(trained.model, batchSize);
    threads.push(thread);

    const inputs = [records.slice(0, 300), records.slice(300)];
    const opened = inputs.map(() => thread.open());
    // The template id given apart is the one scored (a store's record carries the store's numbering).
    inputs.forEach((rs, k) => rs.forEach((r) => opened[k]!.push({ ...r, templateId: -1 } as PackableRecord, r.templateId)));
    const reports = await Promise.all(opened.map((input) => input.end()));
    for (const [k, rs] of inputs.entries()) {
      const expected = await scoreRecords(trained.model, rs, { onlyAnomalous: true, label: placeholderLabel, batchSize });
      expect(reports[k]).toEqual(expected);
    }
    expect(reports[1]!.records.length + reports[1]!.sessions.length).toBeGreaterThan(0);
  });

  it('raises news lines as scoreRecords does (level, service and template cross in the packed columns)', async () => {
    const { records, burst } = plantedNewsLogs();
    const trained = await trainModel(records, { lstm: false });
    if (!trained.ok) throw new Error(trained.reason);
    const thread = startScoreThread(trained.model);
    threads.push(thread);
    const input = thread.open();
    for (const r of records) input.push(r, r.templateId);
    const report = await input.end();
    expect(report).toEqual(await scoreRecords(trained.model, records, { onlyAnomalous: true, label: placeholderLabel }));
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
