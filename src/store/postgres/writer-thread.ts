/**
 * Entry of the PostgreSQL writer thread: one connection, each batch in its own transaction, one at
 * a time, in the order they arrive (appendInTransaction takes the append lock, so batches of other
 * processes interleave safely between them).
 *
 * A connection that breaks (the server restarted, an idle connection was dropped) fails the batch it
 * was sending; the next batch opens a new one, as the store's pool would.
 */
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { serveAppends } from '../append-thread.js';
import type { ColumnBatch } from '../log-columns.js';
import { appendInTransaction } from './append.js';
import { clientConfig } from './connection.js';
import { writerApplicationName, type WriterThreadData } from './writer.js';

const { location, ctx } = workerData as WriterThreadData;
let client: pg.Client | null = null;

async function connection(): Promise<pg.Client> {
  if (client) return client;
  const fresh = new pg.Client({ ...clientConfig(location), application_name: writerApplicationName(ctx.lockSpace) });
  const drop = () => {
    if (client === fresh) client = null;
  };
  fresh.on('error', drop);
  fresh.on('end', drop);
  await fresh.connect();
  client = fresh;
  return fresh;
}

async function append(batch: ColumnBatch) {
  const c = await connection();
  try {
    const outcome = await appendInTransaction(c, batch, ctx, true);
    await c.query('commit');
    return outcome;
  } catch (err) {
    // A failed rollback means the connection is gone: drop it, the next batch reconnects.
    await c.query('rollback').catch(() => {
      if (client === c) client = null;
      c.end().catch(() => undefined);
    });
    throw err;
  }
}

serveAppends(parentPort!, { append, close: async () => void (await client?.end()) });
