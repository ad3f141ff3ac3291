/**
 * The PostgreSQL store's writer thread (see ../append-thread.ts): its own connection, on which each
 * bulk batch is encoded for COPY and sent in its own transaction. The main thread is left decoding
 * and mining; the server works on one batch while the next is prepared.
 */
import { startEntry } from '../../shared/worker-entry.js';
import { AppendThread, WRITER_RESOURCE_LIMITS } from '../append-thread.js';
import type { AppendContext } from './append.js';
import type { PgLocation } from './url.js';

export interface WriterThreadData {
  location: Pick<PgLocation, 'connectionString' | 'schema'>;
  ctx: AppendContext;
}

export class WriterThread extends AppendThread {
  static start(data: WriterThreadData): WriterThread {
    return new WriterThread(startEntry(import.meta.url, 'writer-thread', { workerData: data, resourceLimits: WRITER_RESOURCE_LIMITS }), 'PostgreSQL');
  }
}

/** How the thread's connection shows in pg_stat_activity: one name per store (its schema). */
export function writerApplicationName(lockSpace: string): string {
  return `logtrack writer ${lockSpace}`.slice(0, 63);
}
