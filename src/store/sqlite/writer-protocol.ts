/** Messages between a SqliteStore and its writer thread. */
import type { AppendOutcome } from '../store.js';
import type { ColumnBatch } from './log-appender.js';

export type WriterRequest = { kind: 'append'; id: number; batch: ColumnBatch } | { kind: 'close' };

export type WriterReply =
  | { kind: 'done'; id: number; outcome: AppendOutcome }
  | { kind: 'failed'; id: number; message: string; code?: string };
