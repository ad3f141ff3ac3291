/**
 * The PostgreSQL ingest path: one batch of records, its rejects and its checkpoint in one
 * transaction, records streamed through COPY (about 4x faster than multi-row INSERT) in the binary
 * format (encoding 1,000,000 records cost 1.2 µs each instead of 2.3 µs as text, the server's
 * share is the same).
 *
 * Appends are serialised per schema by a transaction-scoped advisory lock. That makes the
 * checkpoint compare-and-swap safe (nobody else can move the checkpoint between our read and our
 * write) and keeps log ids in commit order: a reader that has seen id N has seen every committed
 * id below N, which is what `scanLogs({ afterId })` watermarks rely on.
 */
import { finished } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { AppendOutcome, Checkpoint } from '../store.js';
import type { Reject } from '../../domain/index.js';
import type { ColumnBatch, LogColumns } from '../log-columns.js';
import { BatchKeys } from '../log-blocks.js';
import { BinaryCopyWriter, encodeColumn } from './copy-binary.js';
import { writeBlocks } from './log-blocks.js';
import { touchTemplatesOn } from './template-writes.js';

export interface AppendContext {
  /** Namespace of this store's advisory locks (its schema). */
  lockSpace: string;
  /** Qualified name of the sequence behind `logs.id`. */
  logIdSequence: string;
}

/** The advisory lock appends take (and template merges, see PostgresStore.beforeTemplateMerge). */
export const APPEND_LOCK = 'logtrack:append';

const LOG_COLUMNS = 'id, ts, service, host, level, raw_level, user_name, message, attrs, template_id, params, src_file, src_line, src_offset';
const REJECT_COLUMNS = 'reason, raw, src_file, src_line, src_offset, created_at';

/**
 * Run inside a transaction, which it opens itself with `opens` (the writer thread; the store's own
 * path opens it first); the caller commits. A conflict writes nothing.
 */
export async function appendInTransaction(client: ClientBase, batch: ColumnBatch, ctx: AppendContext, opens = false): Promise<AppendOutcome> {
  const cp = batch.checkpoint;
  // With a checkpoint, commit without waiting for the WAL flush (end to end on 1,000,000 lines:
  // 46–51k lines/s against 39–42k waiting for it). What a server crash can then lose is the last
  // commits (about 3 × wal_writer_delay), and that loses nothing for good:
  // - a batch is lost only together with its checkpoint (one transaction), and with every commit
  //   after it (the WAL is flushed in order): no hole, and the next run reads those lines again;
  // - whatever is durable and depends on the rows (alerts, any synchronous commit) flushed the WAL
  //   through them first;
  // - the re-read needs the file to still be there: PostgresStore.close() forces the flush, so a
  //   finished ingest is durable before its command returns.
  // Batches without a checkpoint (pushed logs, acknowledged to the sender) commit synchronously.
  const current = await lockAndReadCheckpoint(client, ctx, cp, opens);
  if (cp && (current?.offset ?? 0) !== (batch.expectOffset ?? 0)) return { kind: 'conflict', current };
  // The batch's templates first: the rows need their ids.
  const templateIds = await touchTemplatesOn(client, batch.templates ?? []);
  const n = batch.rows.length;
  const first = await reserveIds(client, ctx.logIdSequence, n, cp);
  // Encoded in one piece, so the COPY below goes out at once and the server works through it while
  // this thread goes on to decode the next batch. The rows' blocks (../log-blocks.ts) follow them.
  if (n) {
    const keys = new BatchKeys();
    await copyInto(client, `logs (${LOG_COLUMNS})`, encodeLogs(batch.rows, first, templateIds, keys));
    await writeBlocks(client, keys.take(first));
  }
  if (batch.rejects.length) await copyInto(client, `rejects (${REJECT_COLUMNS})`, encodeRejects(batch.rejects, Date.now()));
  return { kind: 'stored', ids: Array.from({ length: n }, (_, i) => first + i), templateIds };
}

type CheckpointRow = { key: string; path: string; offset: number; line: number; size: number; updated_at: number };

/**
 * Open the transaction (with `opens`), take the append lock, set the commit mode and read the
 * file's checkpoint, in one round trip: statements of one simple query run in order, so the
 * checkpoint is read under the lock. Values go in as escaped literals (a simple query has no
 * parameters). Each round trip of a batch waits for the server, which shares the two cores with
 * this thread: three of them took about 1 ms each per batch.
 */
async function lockAndReadCheckpoint(client: ClientBase, ctx: AppendContext, cp: Checkpoint | undefined, opens: boolean): Promise<Checkpoint | null> {
  const lit = (s: string) => client.escapeLiteral(s);
  const statements = [
    ...(opens ? ['begin'] : []),
    `select pg_advisory_xact_lock(hashtext(${lit(ctx.lockSpace)}), hashtext(${lit(APPEND_LOCK)})),
       set_config('synchronous_commit', ${cp ? `'off'` : `current_setting('synchronous_commit')`}, true)`,
    ...(cp ? [`select key, path, "offset", line, size, updated_at from checkpoints where key = ${lit(cp.key)}`] : []),
  ];
  const results = (await client.query(statements.join(';\n'))) as unknown as { rows: CheckpointRow[] } | { rows: CheckpointRow[] }[];
  if (!cp) return null;
  const r = (results as { rows: CheckpointRow[] }[]).at(-1)!.rows[0];
  return r ? { key: r.key, path: r.path, offset: r.offset, line: r.line, size: r.size, updatedAt: r.updated_at } : null;
}

/**
 * Take `n` consecutive ids from the identity sequence in one step (row i of the batch gets first + i),
 * writing the checkpoint in the same statement (the transaction commits both or neither).
 * Safe because appendBatch is the only writer of `logs` and holds the append lock; one `nextval`
 * per row instead costs the server about as much as the COPY itself.
 */
async function reserveIds(client: ClientBase, sequence: string, n: number, cp: Checkpoint | undefined): Promise<number> {
  if (n === 0 && !cp) return 0;
  const reserve = n > 0 ? 'setval($1::regclass, nextval($1::regclass) + $2 - 1) - $2 + 1' : '0';
  if (!cp) return (await client.query<{ first: number }>(`select ${reserve} as first`, [sequence, n])).rows[0]!.first;
  const { rows } = await client.query<{ first: number }>(
    `with moved as (
       insert into checkpoints (key, path, "offset", line, size, updated_at) values ($3, $4, $5, $6, $7, $8)
       on conflict (key) do update set path = excluded.path, "offset" = excluded."offset", line = excluded.line,
         size = excluded.size, updated_at = excluded.updated_at
     )
     select ${reserve} as first`,
    [sequence, n, cp.key, cp.path, cp.offset, cp.line, cp.size, Date.now()],
  );
  return rows[0]!.first;
}

/** The batch is in memory already: hand every chunk to the socket at once (no round trip per chunk). */
async function copyInto(client: ClientBase, target: string, chunks: readonly Buffer[]): Promise<void> {
  const stream = client.query(copyFrom(`copy ${target} from stdin with (format binary)`));
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  await finished(stream);
}

/** The rows in LOG_COLUMNS order, row i with id first + i; their block keys go into `keys`. */
function encodeLogs(cols: LogColumns, first: number, templateIds: readonly number[], keys: BatchKeys): Buffer[] {
  const out = new BinaryCopyWriter();
  const service = encodeColumn(cols.service);
  const host = encodeColumn(cols.host);
  const level = encodeColumn(cols.level);
  const rawLevel = encodeColumn(cols.rawLevel);
  const file = encodeColumn(cols.file);
  for (let i = 0; i < cols.length; i++) {
    const ref = cols.templateRef[i]!;
    const templateId = ref >= 0 ? templateIds[ref]! : cols.templateId[i]!;
    keys.add(cols, i, Number.isNaN(templateId) ? null : templateId);
    out.row(14).int8(first + i).int8(cols.ts[i]!).coded(service, i).coded(host, i).coded(level, i)
      .coded(rawLevel, i).textOf(cols.user, i).textOf(cols.message, i).textOf(cols.attrs, i)
      .int8(Number.isNaN(templateId) ? null : templateId).textOf(cols.params, i)
      .coded(file, i).int8(cols.line[i]!).int8(cols.offset[i]!);
  }
  return out.end();
}

function encodeRejects(rejects: readonly Reject[], createdAt: number): Buffer[] {
  const out = new BinaryCopyWriter();
  for (const r of rejects) out.row(6).text(r.reason).text(r.raw).text(r.source.file).int8(r.source.line).int8(r.source.offset).int8(createdAt);
  return out.end();
}
