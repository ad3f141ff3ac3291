import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/store.js';
import { BACKENDS } from '../store/testing/backends.js';
import { startSyslogListener, type SyslogListener } from './syslog-listener.js';
import { createIngestWriter, type IngestWriter, type IngestWriterOptions } from './writer.js';

const sqlite = BACKENDS.find((b) => b.name === 'sqlite')!;

const RFC5424 = '<165>1 2026-03-01T12:00:00.003Z web-1 nginx 1234 ID47 [meta@1 req="7"] upstream timed out';
const RFC3164 = '<34>Mar  1 12:00:05 gate-2 sshd[42]: Failed password for root from 10.0.0.9 port 5022 ssh2';
const counted = (text: string) => `${Buffer.byteLength(text)} ${text}`;

async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function sendUdp(port: number, messages: string[]): Promise<void> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    let left = messages.length;
    for (const m of messages) {
      socket.send(m, port, '127.0.0.1', (err) => {
        if (err) reject(err);
        if (--left === 0) socket.close(() => resolve());
      });
    }
  });
}

/** Write `chunks` to a TCP connection one by one, then end it. */
function sendTcp(port: number, chunks: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', async () => {
      for (const chunk of chunks) {
        if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r));
      }
      socket.end(() => resolve());
    });
    socket.on('error', reject);
  });
}

describe('syslog listener (UDP and TCP on 127.0.0.1)', () => {
  let store: Store;
  let writer: IngestWriter;
  let listener: SyslogListener;

  const start = async (options: Partial<IngestWriterOptions> = {}) => {
    store = await sqlite.open();
    writer = createIngestWriter(store, { detect: null, ...options });
    listener = await startSyslogListener({ port: 0, writer, retryMs: 10 });
  };
  afterEach(async () => {
    await listener.close();
    await writer.close();
    await store.close();
    await sqlite.cleanup();
  });

  it('stores RFC 5424 and RFC 3164 datagrams', async () => {
    await start();
    await sendUdp(listener.udpPort, [RFC5424, `${RFC3164}\n`]);
    await until(async () => (await store.countLogs()) === 2, 'two records');
    const { rows } = await store.queryLogs({ order: 'asc' });
    expect(rows.map((r) => [r.ts, r.service, r.host, r.level, r.message])).toEqual([
      [Date.UTC(2026, 2, 1, 12, 0, 0, 3), 'nginx', 'web-1', 'INFO', 'upstream timed out'],
      [expect.any(Number), 'sshd', 'gate-2', 'FATAL', 'Failed password for root from 10.0.0.9 port 5022 ssh2'],
    ]);
    expect(new Date(rows[1]!.ts).toISOString()).toMatch(/-03-01T12:00:05\.000Z$/);
    expect(rows[0]!.attrs).toMatchObject({ procId: '1234', msgId: 'ID47', sd: { 'meta@1': { req: '7' } } });
    expect(listener.stats).toMatchObject({ received: 2, stored: 2, dropped: 0 });
  });

  it('stores a datagram that is not syslog as a reject', async () => {
    await start();
    await sendUdp(listener.udpPort, ['just some words']);
    await until(() => listener.stats.rejected === 1, 'the reject');
    expect((await store.listRejects()).map((r) => [r.reason, r.raw])).toEqual([['no header match', 'just some words']]);
  });

  it('reads TCP streams with octet counting and newline framing, split anywhere', async () => {
    await start();
    const multiline = `${RFC5424}\n  at frame one`;
    const stream = `${counted(RFC3164)}${RFC5424}\n${counted(multiline)}${RFC3164}`;
    const chunks = stream.match(/[\s\S]{1,7}/g)!;
    await sendTcp(listener.tcpPort, chunks);
    await until(async () => (await store.countLogs()) === 4, 'four records');
    const { rows } = await store.queryLogs({ order: 'asc' });
    expect(rows.map((r) => r.service).sort()).toEqual(['nginx', 'nginx', 'sshd', 'sshd']);
    expect(rows.map((r) => r.message)).toContain('upstream timed out\n  at frame one');
    expect(listener.stats.connections).toBe(1);
  });

  it('pauses a TCP sender while the queue is full, then stores everything in order', async () => {
    await start({ limits: { maxRecords: 20, maxBytes: 1024 * 1024 } });
    const hog = writer.reserve(1024 * 1024);
    if (hog.kind !== 'reserved') throw new Error('could not fill the queue');
    const lines = Array.from({ length: 500 }, (_, i) => `<14>1 2026-03-01T12:00:00Z host burst - - - message ${i}\n`);
    await sendTcp(listener.tcpPort, lines);
    await until(() => writer.stats.refused.busy >= 3, 'the sender to be refused a few times');
    expect(await store.countLogs()).toBe(0);
    hog.reservation.release();
    await until(async () => (await store.countLogs()) === 500, 'all 500 records');
    const { rows } = await store.queryLogs({ order: 'asc', limit: 1000 });
    expect(rows.map((r) => r.message)).toEqual(lines.map((_, i) => `message ${i}`));
    expect(listener.stats).toMatchObject({ received: 500, stored: 500, dropped: 0 });
  });

  it('drops UDP datagrams the full queue refuses, and counts them', async () => {
    await start({ limits: { maxRecords: 5, maxBytes: 1024 * 1024 } });
    const messages = Array.from({ length: 60 }, (_, i) => `<14>1 2026-03-01T12:00:00Z host flood - - - datagram ${i}`);
    await sendUdp(listener.udpPort, messages);
    await until(() => listener.stats.received > 0 && listener.stats.stored + listener.stats.dropped === listener.stats.received, 'every datagram accounted for');
    await writer.idle();
    expect(listener.stats.dropped).toBeGreaterThan(0);
    expect(await store.countLogs()).toBe(listener.stats.stored);
  });
});
