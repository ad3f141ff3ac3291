/**
 * Against a real NATS server with JetStream (LOGTRACK_TEST_NATS, default nats://127.0.0.1:4222); each run
 * creates a stream of its own and deletes it. Left out with a warning when no server answers, unless
 * LOGTRACK_TEST_NATS is set (then an unreachable server fails the run).
 */
import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestWriter, type IngestWriter } from '../ingest/writer.js';
import type { Store } from '../store/store.js';
import { BACKENDS } from '../store/testing/backends.js';
import { checkpointKey, NatsSourceError, startNatsSource, type NatsSource } from './nats.js';

const NATS_URL = process.env.LOGTRACK_TEST_NATS || 'nats://127.0.0.1:4222';
const required = Boolean(process.env.LOGTRACK_TEST_NATS);
const reachable = await connect({ servers: NATS_URL, timeout: 2000 }).then(
  async (nc) => (await nc.close(), true),
  () => false,
);
if (!reachable && !required) console.warn(`NATS tests left out: no server answers at ${NATS_URL} (start nats-server -js, or set LOGTRACK_TEST_NATS).`);

const sqlite = BACKENDS.find((b) => b.name === 'sqlite')!;
const T = Date.UTC(2026, 2, 1, 9, 0, 0);

async function until(condition: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.runIf(reachable || required)(`NATS JetStream source (${NATS_URL})`, () => {
  const id = `${Date.now()}_${randomBytes(3).toString('hex')}`;
  const streamName = `LOGTRACK_TEST_${id}`;
  const subject = `logtrack.test.${id}.app`;
  let nc: NatsConnection;
  let store: Store;
  let writer: IngestWriter;
  let source: NatsSource | null = null;

  const publish = async (payloads: string[]) => {
    const js = nc.jetstream();
    for (const p of payloads) await js.publish(subject, new TextEncoder().encode(p));
  };
  const event = (i: number, message = `order ${i} shipped`) => JSON.stringify({ ts: new Date(T + i * 1000).toISOString(), service: 'orders', message });
  const start = async () => (source = await startNatsSource(writer, { url: NATS_URL, subject }));
  const stop = async () => {
    await source?.stop();
    source = null;
  };

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
    await (await nc.jetstreamManager()).streams.add({ name: streamName, subjects: [`logtrack.test.${id}.>`] });
    store = await sqlite.open();
    writer = createIngestWriter(store, { detect: null });
  });
  afterAll(async () => {
    await stop();
    await writer?.close();
    await store?.close();
    await sqlite.cleanup();
    await (await nc.jetstreamManager()).streams.delete(streamName).catch(() => false);
    await nc.close();
  });

  it('consumes the subject, stores each message once with its stream sequence, and checkpoints it', async () => {
    await publish([event(1), event(2), 'this is not JSON', event(3)]);
    await start();
    expect(source!.stream).toBe(streamName);
    await until(async () => (await store.countLogs()) === 3 && (await store.listRejects()).length === 1, 'three records and one reject');
    const { rows } = await store.queryLogs({ order: 'asc' });
    expect(rows.map((r) => [r.ts, r.service, r.message, r.source.file, r.source.line])).toEqual([
      [T + 1000, 'orders', 'order 1 shipped', 'nats', 1],
      [T + 2000, 'orders', 'order 2 shipped', 'nats', 2],
      [T + 3000, 'orders', 'order 3 shipped', 'nats', 4],
    ]);
    expect((await store.listRejects()).map((r) => [r.reason, r.raw, r.source.line])).toEqual([['invalid JSON', 'this is not JSON', 3]]);
    await until(async () => (await store.getCheckpoint(checkpointKey(streamName, 'logtrack')))?.offset === 4, 'the checkpoint at sequence 4');
  });

  it('resumes after a restart with the messages published meanwhile, nothing twice', async () => {
    await stop();
    await publish([event(4), event(5)]);
    await start();
    await until(async () => (await store.countLogs()) === 5, 'five records');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await store.countLogs()).toBe(5);
    expect(source!.stats.duplicates).toBe(0);
  });

  it('does not store redelivered messages again: a recreated consumer replays the stream from the start', async () => {
    await stop();
    await (await nc.jetstreamManager()).consumers.delete(streamName, 'logtrack');
    await publish([event(6)]);
    await start();
    await until(async () => (await store.countLogs()) === 6, 'the sixth record');
    await until(async () => source!.stats.messages === 7, 'every message redelivered');
    expect(source!.stats.duplicates).toBe(6);
    expect(await store.countLogs()).toBe(6);
    expect((await store.listRejects()).length).toBe(1);
    expect((await store.queryLogs({ grep: 'order 1 shipped' })).rows).toHaveLength(1);
  });

  it('says in one sentence when no stream captures the subject', async () => {
    await expect(startNatsSource(writer, { url: NATS_URL, subject: `nowhere.${id}` })).rejects.toThrow(NatsSourceError);
    await expect(startNatsSource(writer, { url: NATS_URL, subject: `nowhere.${id}` })).rejects.toThrow(/no JetStream stream captures the subject/);
  });
});
