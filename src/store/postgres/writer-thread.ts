/**
 * Entry of the PostgreSQL writer thread: one connection, each batch in its own transaction, one at
 * a time, in the order they arrive (appendInTransaction takes the append lock, so batches of other
 * processes interleave safely between them).
 */
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { serveAppends, type Appender } from '../append-thread.js';
import type { ColumnBatch } from '../log-columns.js';
import { appendInTransaction } from './append.js';
import { clientConfig } from './connection.js';
import type { WriterThreadData } from './writer.js';

const { location, ctx } = workerData as WriterThreadData;

async function connect(): Promise<Appender> {
  const client = new pg.Client(clientConfig(location));
  // A dropped connection fails the next append with its error; nothing to do meanwhile.
  client.on('error', () => undefined);
  await client.connect();
  return {
    async append(batch: ColumnBatch) {
      await client.query('begin');
      try {
        const outcome = await appendInTransaction(client, batch, ctx);
        await client.query('commit');
        return outcome;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      }
    },
    close: () => client.end(),
  };
}

serveAppends(parentPort!, connect());
