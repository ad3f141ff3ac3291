import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { serveAppends, type AppendReply, type AppendRequest, type Appender } from './append-thread.js';
import { toColumnBatch, transferables, type ColumnBatch } from './log-columns.js';
import { textAt } from './utf8-column.js';
import type { Checkpoint } from './store.js';
import { logRow } from './testing/fixtures.js';

const cp = (offset: number): Checkpoint => ({ key: 'k', path: '/f', offset, line: offset, size: 100, updatedAt: 0 });

/** Serve `appender` on one end of a channel, post `requests` at once on the other, and collect the replies. */
async function serve(appender: Appender, requests: AppendRequest[]): Promise<AppendReply[]> {
  const { port1, port2 } = new MessageChannel();
  serveAppends(port1, appender);
  const replies: AppendReply[] = [];
  const wanted = requests.filter((r) => r.kind === 'append').length;
  const done = new Promise<void>((resolve) => port2.on('message', (r: AppendReply) => replies.push(r) === wanted && resolve()));
  // As AppendThread posts them: the batches' memory moves to the serving side.
  for (const r of requests) port2.postMessage(r, r.kind === 'append' ? transferables(r.batch.rows) : []);
  await done;
  port2.close();
  return replies;
}

/** An appender that stores nothing but gives ids in order and remembers the batches it was given. */
function recorder(fail: (batch: ColumnBatch) => boolean = () => false) {
  const seen: string[][] = [];
  let next = 1;
  const appender: Appender = {
    async append(batch) {
      await new Promise((r) => setTimeout(r, 5));
      if (fail(batch)) throw Object.assign(new Error('refused'), { code: 'E_BAD' });
      seen.push(Array.from({ length: batch.rows.length }, (_, i) => textAt(batch.rows.message, i)!));
      return { kind: 'stored', ids: Array.from({ length: batch.rows.length }, () => next++), templateIds: [] };
    },
    close() {},
  };
  return { appender, seen };
}

const append = (id: number, messages: string[], fields: Partial<ColumnBatch> = {}): AppendRequest => ({
  kind: 'append', id, batch: { ...toColumnBatch({ rows: messages.map((message) => logRow({ message })), rejects: [] }), ...fields },
});

describe('serveAppends', () => {
  it('commits the batches that queued up as one, and answers each with its own ids', async () => {
    const { appender, seen } = recorder();
    const replies = await serve(appender, [
      append(1, ['a']),
      append(2, ['b', 'c'], { checkpoint: cp(10), expectOffset: 0 }),
      append(3, ['d'], { checkpoint: cp(20), expectOffset: 10 }),
      append(4, ['e'], { checkpoint: cp(30), expectOffset: 20 }),
    ]);
    // The first batch (no checkpoint) does not continue into the file's; the file's three go in together.
    expect(seen).toEqual([['a'], ['b', 'c', 'd', 'e']]);
    expect(replies).toEqual([
      { id: 1, kind: 'done', outcome: { kind: 'stored', ids: [1], templateIds: [] } },
      { id: 2, kind: 'done', outcome: { kind: 'stored', ids: [2, 3], templateIds: [] } },
      { id: 3, kind: 'done', outcome: { kind: 'stored', ids: [4], templateIds: [] } },
      { id: 4, kind: 'done', outcome: { kind: 'stored', ids: [5], templateIds: [] } },
    ]);
  });

  it('tries the parts of a refused merged batch one by one, so only the bad one fails', async () => {
    const { appender, seen } = recorder((batch) => Array.from({ length: batch.rows.length }, (_, i) => textAt(batch.rows.message, i)).includes('bad'));
    const replies = await serve(appender, [append(1, ['first']), append(2, ['ok']), append(3, ['bad']), append(4, ['fine'])]);
    expect(replies.map((r) => r.kind)).toEqual(['done', 'done', 'failed', 'done']);
    expect(replies[2]).toMatchObject({ id: 3, message: 'refused', code: 'E_BAD' });
    expect(seen.flat()).toEqual(['first', 'ok', 'fine']);
  });
});
