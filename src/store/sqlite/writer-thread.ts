/**
 * Entry of the SQLite writer thread: its own connection to the store file, appending the batches
 * the store hands over, one at a time, in the order they arrive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { serveAppends } from '../append-thread.js';
import { configureConnection, LogAppender } from './log-appender.js';

const raw = new BetterSqlite3((workerData as { path: string }).path);
configureConnection(raw, 16);
const appender = new LogAppender(raw);

serveAppends(parentPort!, { append: (batch) => appender.append(batch), close: () => void raw.close() });
