/**
 * Entry of the SQLite writer thread: its own connection to the store file, appending the batches
 * the store hands over, one at a time, in the order they arrive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { configureConnection, LogAppender } from './log-appender.js';
import type { WriterReply, WriterRequest } from './writer-protocol.js';

const port = parentPort!;
const raw = new BetterSqlite3((workerData as { path: string }).path);
configureConnection(raw, 16);
const appender = new LogAppender(raw);

port.on('message', (request: WriterRequest) => {
  if (request.kind === 'close') {
    raw.close();
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    reply = { id: request.id, kind: 'done', outcome: appender.append(request.batch) };
  } catch (err) {
    const e = err as { message?: string; code?: string };
    reply = { id: request.id, kind: 'failed', message: e.message ?? String(err), code: e.code };
  }
  port.postMessage(reply);
});
