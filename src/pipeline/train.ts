/**
 * Training from the store: the records of the last `days` (of the data's own time). Feedback
 * teaches the model: lines that are evidence of an alert are left out (they were anomalous),
 * unless a user marked that alert "not an anomaly", which puts its lines back as normal. The
 * store's templates are saved with the model as its miner snapshot.
 */
import type { StoredLog } from '../domain/index.js';
import { saveModel, type MlModel } from '../detect/ml/model.js';
import { trainModel, type TrainProgress, type TrainResult } from '../detect/ml/train.js';
import type { TrainOptions } from '../detect/ml/train-options.js';
import type { MlRecord } from '../detect/ml/types.js';
import type { Store } from '../store/store.js';
import { modelTemplatesOf } from './model-templates.js';

export interface TrainFromStoreOptions {
  /** Train on the last N days before the newest record (default: everything). */
  days?: number;
  /** Only records with ids in this range (e.g. what an ingest just stored). */
  ids?: { first: number; last: number };
  options?: Partial<TrainOptions>;
  onProgress?: (p: TrainProgress) => void;
}

export type TrainOutcome = { ok: true; model: MlModel; records: number; excluded: number } | { ok: false; reason: string };

export async function trainFromStore(store: Store, opts: TrainFromStoreOptions = {}): Promise<TrainOutcome> {
  let since: number | undefined;
  if (opts.days !== undefined) {
    const services = await store.services();
    const newest = services.reduce((m, s) => Math.max(m, s.lastTs), -Infinity);
    if (Number.isFinite(newest)) since = newest - opts.days * 86_400_000;
  }
  const anomalous = await confirmedEvidence(store);
  const records: MlRecord[] = [];
  const afterId = opts.ids ? opts.ids.first - 1 : 0;
  for await (const page of store.scanLogs({ afterId, since })) {
    for (const r of page) {
      if (opts.ids && r.id > opts.ids.last) break;
      if (r.templateId !== null && !anomalous.has(r.id)) records.push(toMlRecord(r));
    }
  }
  const result: TrainResult = await trainModel(records, opts.options ?? {}, opts.onProgress);
  if (!result.ok) return result;
  const model = { ...result.model, miner: modelTemplatesOf(await store.listTemplates({ limit: Number.MAX_SAFE_INTEGER })) };
  return { ok: true, model, records: records.length, excluded: anomalous.size };
}

/** Evidence lines of alerts not marked normal. */
async function confirmedEvidence(store: Store): Promise<Set<number>> {
  const normal = new Set(await store.listNormalAlerts());
  const out = new Set<number>();
  let cursor: string | undefined;
  do {
    const page = await store.listAlerts({ limit: 5000, cursor });
    for (const a of page.rows) if (!normal.has(a.id)) for (const id of a.evidence) out.add(id);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

export async function saveTrainedModel(dir: string, model: MlModel): Promise<void> {
  await saveModel(dir, model);
}

function toMlRecord(r: StoredLog): MlRecord {
  return { ts: r.ts, service: r.service, level: r.level, templateId: r.templateId!, params: r.params, message: r.message, host: r.host, user: r.user, attrs: r.attrs };
}
