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
import type { MessagePort, Worker } from 'node:worker_threads';
import type { ColumnBatch } from './log-columns.js';
import type { AppendOutcome } from './store.js';

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
    this.worker.postMessage(request);
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

/**
 * The thread's side: apply each request in arrival order (an asynchronous appender's next batch
 * waits for the one before it) and answer it; a failed batch is answered with its error.
 */
export function serveAppends(port: MessagePort, appender: Appender | Promise<Appender>): void {
  let tail: Promise<unknown> = Promise.resolve();
  port.on('message', (request: AppendRequest) => {
    tail = tail.then(async () => {
      const target = await appender;
      if (request.kind === 'close') {
        await target.close();
        port.close();
        return;
      }
      let reply: AppendReply;
      try {
        reply = { id: request.id, kind: 'done', outcome: await target.append(request.batch) };
      } catch (err) {
        const e = err as { message?: string; code?: string };
        reply = { id: request.id, kind: 'failed', message: e.message ?? String(err), code: e.code };
      }
      port.postMessage(reply);
    });
  });
}
