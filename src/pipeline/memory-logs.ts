/**
 * A store whose log records are handed to a consumer instead of being written: everything else
 * (templates, checkpoints, rejects, alerts, incidents) goes to the store it wraps. A scan without
 * --db runs `ingest` and `detectAndGroup` unchanged over it and its temporary store, while the one
 * table that cost (writing 218k records into SQLite was about 40 % of a scan, reading them back
 * 0.9 s more) is replaced by scoring the records as they arrive (stream-scorer.ts).
 *
 * Records get the ids the wrapped store would give a fresh table (1, 2, …, in append order), so
 * evidence, alerts and incidents carry the same ids as a scan through SQLite. Only the records the
 * consumer keeps can be read back (by id), as the store would return them; log queries are
 * refused rather than answered wrongly.
 */
import type { StoredLog } from '../domain/index.js';
import type { AppendBatch, AppendOutcome, LogRow, Store } from '../store/store.js';

export interface LogConsumer {
  /** Records just stored, in id order; the next batch is handed over once the returned promise resolves (back-pressure). */
  take(logs: StoredLog[]): Promise<void>;
  /** A record the consumer kept, by id. */
  kept(id: number): StoredLog | undefined;
}

export function handLogsTo(inner: Store, consumer: LogConsumer): Store {
  let lastId = 0;
  const append = async (batch: AppendBatch): Promise<AppendOutcome> => {
    // Rejects, templates and the checkpoint (its compare-and-swap) still go through the wrapped store;
    // not the templates' per-minute volume, which only the dashboard reads (a temporary store has none).
    const templates = batch.templates?.map((t) => ({ ...t, volume: [] }));
    const outcome = await inner.appendBatch({ ...batch, rows: [], ...(templates ? { templates } : {}) });
    if (outcome.kind === 'conflict') return outcome;
    // The rows become the records (no copy: 218k objects less to collect); reads copy them canonically.
    const logs = batch.rows.map((row) => asStored(row, ++lastId, outcome.templateIds));
    await consumer.take(logs);
    return { ...outcome, ids: logs.map((l) => l.id) };
  };
  // Ingest may hand over a batch before the last one is stored: each waits for the one before, so
  // ids follow the order of the calls and the consumer sees one batch at a time.
  let last: Promise<unknown> = Promise.resolve();
  const own: Partial<Store> = {
    appendBatch(batch: AppendBatch): Promise<AppendOutcome> {
      const outcome = last.then(() => append(batch));
      last = outcome.catch(() => {});
      return outcome;
    },
    async getLogs(ids: number[]): Promise<StoredLog[]> {
      return [...new Set(ids)].sort((a, b) => a - b).flatMap((id) => {
        const log = consumer.kept(id);
        return log ? [storedLog(log, id)] : [];
      });
    },
    async maxLogId(): Promise<number> {
      return lastId;
    },
    scanLogs: refuse('scanLogs'),
    queryLogs: refuse('queryLogs'),
    countLogs: refuse('countLogs'),
    services: refuse('services'),
    volume: refuse('volume'),
    templateVolume: refuse('templateVolume'),
  };
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (Object.hasOwn(own, prop)) return own[prop as keyof Store];
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The row, given its id and its template's id, as a record (the row object itself). */
function asStored(r: LogRow, id: number, templateIds: readonly number[] | undefined): StoredLog {
  const ref = r.templateRef;
  if (ref !== undefined && ref >= 0 && templateIds) r.templateId = templateIds[ref] ?? null;
  return Object.assign(r, { id });
}

/** A record as the store would read it back: the same fields in the same order, optional ones only when set. */
export function storedLog(r: StoredLog, id = r.id): StoredLog {
  const log: StoredLog = {
    id, ts: r.ts, service: r.service, level: r.level, message: r.message, attrs: r.attrs ?? {}, source: r.source, templateId: r.templateId, params: r.params ?? [],
  };
  if (r.host != null) log.host = r.host;
  if (r.rawLevel != null) log.rawLevel = r.rawLevel;
  if (r.user != null) log.user = r.user;
  return log;
}

function refuse(method: string): () => never {
  return () => {
    throw new Error(`${method}: this store hands its log records to a consumer and keeps none of them`);
  };
}
