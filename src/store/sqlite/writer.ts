/** The SQLite store's writer thread (see ../append-thread.ts): its own connection to the store file. */
import { startEntry } from '../../shared/worker-entry.js';
import { AppendThread, WRITER_RESOURCE_LIMITS } from '../append-thread.js';

export class WriterThread extends AppendThread {
  /** Start a writer thread on a store file whose schema is up to date. */
  static start(path: string): WriterThread {
    return new WriterThread(startEntry(import.meta.url, 'writer-thread', { workerData: { path }, resourceLimits: WRITER_RESOURCE_LIMITS }), 'SQLite');
  }
}
