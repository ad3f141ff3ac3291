/**
 * A writer thread for a store's bulk appends, both sides of it. The store does most of ingest's
 * work (SQLite: rows into the table and its indexes; PostgreSQL: the COPY encoding and the
 * protocol); on a thread of its own, with a connection of its own, that work runs on the second
 * core while the main thread decodes and mines the next batch. Batches cross as columns
 * (log-columns.ts) and are applied one at a time, in the order they were handed over, so ids and
 * checkpoints advance exactly as they would on the main thread.
 *
 * The thread holds the process open only while a request is pending, so a process that forgets to
 * close its store still exits.
 */
import { receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { continues, mergeBatches } from './batch-merge.js';
import { revivedColumns, transferables, type ColumnBatch } from './log-columns.js';
import type { AppendOutcome } from './store.js';

/**
 * Resource limits for a writer thread. Its garbage is the batch it just wrote: it dies young. A small
 * young generation keeps it in cache and the thread's memory small (measured on 1,000,000 SQLite
 * records: 8 MB instead of V8's default saves about 10 MB of peak RSS and some CPU).
 */
export const WRITER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 8 };

export type AppendRequest = { kind: 'append'; id: number; batch: ColumnBatch } | { kind: 'close' };

export type AppendReply =
  | { kind: 'done'; id: number; outcome: AppendOutcome }
  | { kind: 'failed'; id: number; message: string; code?: string };

interface Pending {
  resolve(outcome: AppendOutcome): void;
  reject(err: Error): void;
}

/** The store's side: hands batches to the thread and settles each with its reply. */
export class AppendThread {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Settles after the latest request is answered (requests are answered in order). */
  private latest: Promise<unknown> = Promise.resolve();
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;

  constructor(private readonly worker: Worker, name: string) {
    worker.unref();
    worker.on('message', (reply: AppendReply) => this.settle(reply));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`the ${name} writer thread stopped (exit code ${code})`)));
  }

  append(batch: ColumnBatch): Promise<AppendOutcome> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error('the store is closed'));
    const id = this.nextId++;
    const done = new Promise<AppendOutcome>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    if (this.pending.size === 1) this.worker.ref();
    this.post({ kind: 'append', id, batch });
    this.latest = done.catch(() => {});
    return done;
  }

  /** Close the thread's connection once every pending append is answered. */
  close(): Promise<void> {
    this.closing ??= this.latest.then(async () => {
      if (this.failure) return;
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      this.worker.ref();
      this.post({ kind: 'close' });
      await exited;
    });
    return this.closing;
  }

  private post(request: AppendRequest): void {
    this.worker.postMessage(request, request.kind === 'append' ? transferables(request.batch.rows) : []);
  }

  private settle(reply: AppendReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.kind === 'done') p.resolve(reply.outcome);
    else p.reject(Object.assign(new Error(reply.message), { code: reply.code }));
  }

  /** The thread died (or failed to start): every pending and later append fails with the reason. */
  private fail(err: Error): void {
    if (this.closing && this.pending.size === 0) return; // the exit that close() asked for
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }
}

/** What a writer thread does with its connection. */
export interface Appender {
  append(batch: ColumnBatch): AppendOutcome | Promise<AppendOutcome>;
  close(): void | Promise<void>;
}

/** A merged batch stops growing at this many rows (group commit, see batch-merge.ts). */
export const MAX_MERGED_ROWS = 20_000;

/**
 * The thread's side: apply the requests in arrival order and answer each. Appends that queued up
 * while the thread was busy go in as one batch where they continue each other (group commit,
 * batch-merge.ts); if that batch fails, its parts are tried one by one, so a bad batch fails alone.
 */
export function serveAppends(port: MessagePort, appender: Appender | Promise<Appender>): void {
  const queue: AppendRequest[] = [];
  let busy = false;
  const work = async (): Promise<void> => {
    busy = true;
    const target = await appender;
    for (;;) {
      // Messages not yet dispatched as events are waiting too.
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) queue.push(received(m.message as AppendRequest));
      const request = queue.shift();
      if (!request) break;
      if (request.kind === 'close') {
        await target.close();
        port.close();
        return;
      }
      const group = [request];
      let rows = request.batch.rows.length;
      for (let next = queue[0]; next?.kind === 'append' && continues(group[group.length - 1]!.batch, next.batch); next = queue[0]) {
        if (rows + next.batch.rows.length > MAX_MERGED_ROWS) break;
        rows += next.batch.rows.length;
        group.push(queue.shift() as typeof request);
      }
      await applyGroup(target, group, (reply) => port.postMessage(reply));
    }
    busy = false;
  };
  port.on('message', (request: AppendRequest) => {
    queue.push(received(request));
    if (!busy) void work();
  });
}

/** A request as it arrives: its batch's text columns are Buffers again (log-columns.ts). */
function received(request: AppendRequest): AppendRequest {
  return request.kind === 'append' ? { ...request, batch: { ...request.batch, rows: revivedColumns(request.batch.rows) } } : request;
}

type AppendMessage = Extract<AppendRequest, { kind: 'append' }>;

async function applyGroup(target: Appender, group: AppendMessage[], reply: (r: AppendReply) => void): Promise<void> {
  const merged = mergeBatches(group.map((r) => r.batch));
  try {
    const outcomes = merged.split(await target.append(merged.batch));
    group.forEach((r, k) => reply({ id: r.id, kind: 'done', outcome: outcomes[k]! }));
  } catch (err) {
    if (group.length > 1) {
      for (const r of group) await applyGroup(target, [r], reply);
      return;
    }
    const e = err as { message?: string; code?: string };
    reply({ id: group[0]!.id, kind: 'failed', message: e.message ?? String(err), code: e.code });
  }
}
