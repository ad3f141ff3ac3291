import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel, MODEL_VERSION, saveModel, versionMismatch } from './model.js';
import { scoreRecords } from './score.js';
import { trainModel } from './train.js';
import { normalRequests } from './test-logs.js';

const dirs: string[] = [];
const tempDir = async (): Promise<string> => {
  const d = await mkdtemp(join(tmpdir(), 'logtrack-ml-'));
  dirs.push(d);
  return d;
};
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('model folder', () => {
  it('round-trips a trained model (LSTM trained in a worker) with identical scores', async () => {
    const progress: string[] = [];
    const trained = await trainModel(
      normalRequests(150, 3),
      { sessionKey: { kind: 'field', field: 'requestId' }, lstm: { units: [8, 4, 4, 8], epochs: 2, timesteps: 10 } },
      (p) => progress.push(p.stage),
    );
    if (!trained.ok) throw new Error(trained.reason);
    expect(progress).toContain('lstm');
    expect(trained.lstmLosses).toHaveLength(2);
    const dir = await tempDir();
    await saveModel(dir, { ...trained.model, miner: { clusters: [] } });
    const loaded = await loadModel(dir);
    if (!loaded.ok) throw new Error(loaded.reason);
    expect(loaded.model.miner).toEqual({ clusters: [] });
    const probe = normalRequests(40, 4);
    const a = await scoreRecords(trained.model, probe);
    const b = await scoreRecords(loaded.model, probe);
    expect(b.records.map((r) => r.score)).toEqual(a.records.map((r) => r.score));
    expect(b.records.every((r) => r.components.lstm !== null)).toBe(true);
    expect(loaded.model.news).not.toBeNull();
    expect(loaded.model.news).toEqual(trained.model.news);
    expect(b.records.map((r) => r.components.news)).toEqual(a.records.map((r) => r.components.news));
    expect(b.sessions.map((s) => s.score)).toEqual(a.sessions.map((s) => s.score));
  }, 60_000);

  it('refuses another format version in one sentence', async () => {
    const trained = await trainModel(normalRequests(30, 5), { lstm: false });
    if (!trained.ok) throw new Error(trained.reason);
    const dir = await tempDir();
    await saveModel(dir, trained.model);
    const file = join(dir, 'model.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    json.meta.version = MODEL_VERSION + 1;
    await writeFile(file, JSON.stringify(json));
    const loaded = await loadModel(dir);
    expect(loaded.ok).toBe(false);
    const reason = !loaded.ok ? loaded.reason : '';
    expect(reason).toBe(versionMismatch(dir, MODEL_VERSION + 1));
    expect(reason).toMatch(new RegExp(`format version ${MODEL_VERSION + 1}, but this LogTrack reads version ${MODEL_VERSION}; retrain it`));
    expect(reason.split('. ').length).toBe(1);
  });

  it('loads a model saved before the news scorer (no news in model.json) and scores it without news', async () => {
    const trained = await trainModel(normalRequests(60, 6), { lstm: false });
    if (!trained.ok) throw new Error(trained.reason);
    const dir = await tempDir();
    await saveModel(dir, trained.model);
    const file = join(dir, 'model.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    expect(json.news).toBeTruthy();
    delete json.news;
    delete json.meta.options.news;
    await writeFile(file, JSON.stringify(json));
    const loaded = await loadModel(dir);
    if (!loaded.ok) throw new Error(loaded.reason);
    expect(loaded.model.news).toBeNull();
    const probe = normalRequests(20, 7);
    const withoutNews = await scoreRecords({ ...trained.model, news: null }, probe);
    const old = await scoreRecords(loaded.model, probe);
    expect(old).toEqual(withoutNews);
    expect(old.records.every((r) => r.components.news === null)).toBe(true);
  });

  it('explains a missing or foreign folder', async () => {
    const empty = await tempDir();
    const missing = await loadModel(empty);
    expect(!missing.ok && missing.reason).toMatch(/There is no model in .*model\.json is missing/);
    await writeFile(join(empty, 'model.json'), '{"hello":1}');
    const foreign = await loadModel(empty);
    expect(!foreign.ok && foreign.reason).toMatch(/not a LogTrack ML model/);
    expect(versionMismatch(empty, MODEL_VERSION)).toBeNull();
  });
});
