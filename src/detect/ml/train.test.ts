import { describe, expect, it } from 'vitest';
import { scoreRecords, scoreStream } from './score.js';
import { trainModel } from './train.js';
import { normalise } from './ensemble.js';
import { LOGIN, LOGOUT, normalRequests, QUERY, record } from './test-logs.js';

const options = { sessionKey: { kind: 'field', field: 'requestId' }, lstm: false, sensitivity: 'medium' } as const;

describe('train and score', () => {
  it('refuses too little data and a broken session pattern with a reason', async () => {
    const r = await trainModel(normalRequests(1, 1), options);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/at least 10 records/);
    const bad = await trainModel(normalRequests(5, 1), { ...options, sessionKey: { kind: 'regex', pattern: 'blk_(' } });
    expect(!bad.ok && bad.reason).toMatch(/not a valid regular expression/);
  });

  it('scores transitions within sessions only: a service stream interleaves independent work', async () => {
    // Without a session key there is no sequence to learn.
    const serviceOnly = await trainModel(normalRequests(200, 1), { ...options, sessionKey: { kind: 'service' } });
    if (!serviceOnly.ok) throw new Error(serviceOnly.reason);
    expect(serviceOnly.model.ngram).toBeNull();

    const trained = await trainModel(normalRequests(200, 1), options);
    if (!trained.ok) throw new Error(trained.reason);
    const { model } = trained;
    expect(model.ngram).not.toBeNull();
    const t = Date.UTC(2024, 2, 5);
    // The same out-of-order steps, once in a session and once in no session at all.
    const inSession = [record(t, 'x', LOGOUT), record(t + 100, 'x', QUERY), record(t + 200, 'x', LOGIN)];
    const outside = inSession.map((r) => ({ ...r, attrs: {} }));
    const sequenceOf = async (records: typeof inSession) => (await scoreRecords(model, records)).records.map((v) => v.components.sequence);
    const none = normalise(model.normalisers.sequence!, 0);
    expect(await sequenceOf(outside)).toEqual([none, none, none]);
    expect((await sequenceOf(inSession)).some((c) => c! > none)).toBe(true);
  });

  it('survives records without a usable timestamp', async () => {
    const records = normalRequests(100, 8).map((r, i) => (i % 7 === 0 ? { ...r, ts: Number.NaN } : r));
    const trained = await trainModel(records, options);
    if (!trained.ok) throw new Error(trained.reason);
    const report = await scoreRecords(trained.model, records);
    expect(report.records.every((v) => Number.isFinite(v.score))).toBe(true);
  });

  it('passes fresh normal traffic and flags planted anomalies with factors', async () => {
    const trained = await trainModel(normalRequests(800, 1), options);
    if (!trained.ok) throw new Error(trained.reason);
    const { model } = trained;
    expect(model.sequence).not.toBeNull();
    expect(model.meta.trainedOn.heldOut).toBeGreaterThan(0);

    const fresh = normalRequests(300, 2);
    const normalReport = await scoreRecords(model, fresh);
    const flaggedRecords = normalReport.records.filter((r) => r.anomalous).length / fresh.length;
    const flaggedSessions = normalReport.sessions.filter((s) => s.anomalous).length / normalReport.sessions.length;
    expect(flaggedRecords).toBeLessThan(0.05);
    expect(flaggedSessions).toBeLessThan(0.05);

    const t = fresh[fresh.length - 1].ts + 10_000;
    const planted = [
      ...fresh,
      // A request that logs in and queries, then stops (never logs out).
      record(t, 'cut', LOGIN, 'INFO', ['user1']),
      record(t + 500, 'cut', QUERY, 'INFO', ['table1']),
      // A burst of a never-seen error template.
      ...Array.from({ length: 30 }, (_, k) => record(t + 1000 + k * 100, `err${k}`, 77, 'ERROR', ['disk full'])),
    ];
    const report = await scoreRecords(model, planted, { label: (id) => `T${id}` });
    const errors = report.records.filter((r) => r.index >= fresh.length + 2);
    expect(errors.every((r) => r.anomalous)).toBe(true);
    expect(errors[0].factors.map((f) => f.kind)).toContain('new_template');
    expect(errors[0].components.forest).toBeGreaterThan(0.9);
    const cut = report.sessions.find((s) => s.key === 'cut')!;
    expect(cut.anomalous).toBe(true);
    expect(cut.factors[0].text).toMatch(/ended after 2 events/);
    expect(cut.score).toBeGreaterThan(0.5);
  });

  it('scores a stream in batches exactly as all at once (no LSTM), sessions last', async () => {
    const trained = await trainModel(normalRequests(200, 6), options);
    if (!trained.ok) throw new Error(trained.reason);
    const probe = normalRequests(120, 7);
    const whole = await scoreRecords(trained.model, probe);
    const kinds: string[] = [];
    const scores: number[] = [];
    async function* slowly() {
      yield* probe;
    }
    for await (const e of scoreStream(trained.model, slowly(), { batchSize: 64 })) {
      kinds.push(e.kind);
      if (e.kind === 'records') scores.push(...e.verdicts.map((v) => v.score));
      else expect(e.verdicts.map((v) => [v.key, v.score, v.indices])).toEqual(whole.sessions.map((v) => [v.key, v.score, v.indices]));
    }
    expect(kinds.filter((k) => k === 'records')).toHaveLength(Math.ceil(probe.length / 64));
    expect(kinds[kinds.length - 1]).toBe('sessions');
    expect(scores).toEqual(whole.records.map((r) => r.score));
  });
});
