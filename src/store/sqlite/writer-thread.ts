/**
 * Entry of the SQLite writer thread: its own connection to the store file, appending the batches
 * the store hands over, one at a time, in the order they arrive, and checkpointing the WAL as
 * wal-policy.ts says.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { serveAppends } from '../append-thread.js';
import { configureConnection, LogAppender } from './log-appender.js';
import { bulkWalPolicy } from './wal-policy.js';

const raw = new BetterSqlite3((workerData as { path: string }).path);
configureConnection(raw, 16);
const appender = new LogAppender(raw);
const wal = bulkWalPolicy(raw);

serveAppends(parentPort!, {
  append: (batch) => {
    const outcome = appender.append(batch);
    wal.appended();
    return outcome;
  },
  close: () => {
    wal.stop();
    raw.close();
  },
});
