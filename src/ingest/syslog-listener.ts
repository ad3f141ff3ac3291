/**
 * `serve --syslog PORT`: syslog over UDP and TCP (RFC 5424 and 3164; on TCP framed by octet counting or
 * by newlines), decoded with the syslog format and fed to the ingest writer.
 *
 * Backpressure: a TCP connection is paused while its messages wait to be committed (and while the queue
 * refuses them), so TCP itself slows a fast sender down and nothing it sent is lost. UDP cannot be
 * slowed: datagrams the queue refuses are dropped, and counted.
 */
import { createSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { makeReject, type Reject } from '../domain/index.js';
import { createDecoder } from '../formats/index.js';
import { decodeMessages, type PushedMessage } from './messages.js';
import { DEFAULT_MAX_FRAME_BYTES, SyslogFramer, type Frame } from './syslog-framing.js';
import type { IngestWriter, PushBatch } from './writer.js';

export interface SyslogListenerOptions {
  host: string;
  /** UDP and TCP port (0: any free port, one for each). */
  port: number;
  writer: IngestWriter;
  maxMessageBytes: number;
  /** Most messages in one batch handed to the writer. */
  maxBatchMessages: number;
  /** How long a paused TCP connection waits before offering its messages again. */
  retryMs: number;
  /** Zone of timestamps written without one (IANA name or ±HH:MM; default UTC). */
  timezone?: string;
}

export const DEFAULT_SYSLOG: Omit<SyslogListenerOptions, 'port' | 'writer'> = {
  host: '127.0.0.1',
  maxMessageBytes: DEFAULT_MAX_FRAME_BYTES,
  maxBatchMessages: 1000,
  retryMs: 100,
};

export interface SyslogStats {
  /** Messages received (datagrams, TCP frames). */
  received: number;
  /** Records and rejects committed. */
  stored: number;
  rejected: number;
  /** Messages dropped: UDP ones the queue refused or the store failed to take, TCP batches too large for the queue. */
  dropped: number;
  connections: number;
}

export interface SyslogListener {
  readonly udpPort: number;
  readonly tcpPort: number;
  readonly stats: SyslogStats;
  /** Stop listening, end connections, and wait for the batches being committed. */
  close(): Promise<void>;
}

export async function startSyslogListener(input: Pick<SyslogListenerOptions, 'port' | 'writer'> & Partial<SyslogListenerOptions>): Promise<SyslogListener> {
  const opts: SyslogListenerOptions = { ...DEFAULT_SYSLOG, ...input };
  const feed = new SyslogFeed(opts);
  const udp = createSocket('udp4');
  udp.on('message', (msg) => feed.datagram(msg));
  const tcp = createServer((socket) => feed.connection(socket));
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(opts.port, opts.host, () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', (err) => {
      tcp.close();
      reject(err);
    });
    udp.bind(opts.port, opts.host, () => resolve());
  });
  return {
    udpPort: udp.address().port,
    tcpPort: portOf(tcp),
    stats: feed.stats,
    async close() {
      const stopped = new Promise<void>((resolve) => tcp.close(() => resolve()));
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await feed.close();
      await stopped;
    },
  };
}

/** Messages from both transports → batches for the writer. */
class SyslogFeed {
  readonly stats: SyslogStats = { received: 0, stored: 0, rejected: 0, dropped: 0, connections: 0 };
  private readonly work = new Set<Promise<void>>();
  private readonly sockets = new Set<Socket>();
  private closed = false;
  private datagrams: PushedMessage[] = [];
  private datagramBytes = 0;
  private datagramCount = 0;
  private flushing: NodeJS.Immediate | null = null;

  constructor(private readonly opts: SyslogListenerOptions) {}

  /** UDP: the datagrams of one turn of the event loop go as one batch; a refused batch is dropped. */
  datagram(msg: Buffer): void {
    this.stats.received++;
    this.datagrams.push({ text: msg.toString('utf8').replace(/[\r\n\0]+$/, ''), line: ++this.datagramCount, offset: 0 });
    this.datagramBytes += msg.length;
    if (this.datagrams.length < this.opts.maxBatchMessages) {
      this.flushing ??= setImmediate(() => this.flushDatagrams());
      return;
    }
    if (this.flushing) clearImmediate(this.flushing);
    this.flushDatagrams();
  }

  /** TCP: the connection is paused while its frames are offered and committed, then resumed. */
  connection(socket: Socket): void {
    this.stats.connections++;
    this.sockets.add(socket);
    const framer = new SyslogFramer(this.opts.maxMessageBytes);
    const frames: Frame[] = [];
    const position = { line: 0 };
    let draining = false;
    const pump = () => {
      if (draining || frames.length === 0) return;
      draining = true;
      socket.pause();
      void this.track(this.drain(frames, position)).finally(() => {
        draining = false;
        if (frames.length > 0) pump();
        else if (!this.closed) socket.resume();
      });
    };
    socket.on('data', (chunk: Buffer) => {
      frames.push(...framer.push(chunk));
      pump();
    });
    socket.on('end', () => {
      frames.push(...framer.end());
      pump();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  /** End connections, send what UDP gathered, and wait for the batches being committed. */
  async close(): Promise<void> {
    this.closed = true;
    for (const socket of this.sockets) socket.destroy();
    if (this.flushing) {
      clearImmediate(this.flushing);
      this.flushDatagrams();
    }
    while (this.work.size > 0) await Promise.all([...this.work]);
  }

  private flushDatagrams(): void {
    this.flushing = null;
    const messages = this.datagrams;
    const bytes = this.datagramBytes;
    this.datagrams = [];
    this.datagramBytes = 0;
    if (messages.length === 0) return;
    void this.track(this.deliverOnce(this.batchOf(messages, [], bytes)).then((delivery) => {
      if (delivery !== 'stored') this.stats.dropped += messages.length;
    }));
  }

  private async drain(frames: Frame[], position: { line: number }): Promise<void> {
    const perBatch = Math.min(this.opts.maxBatchMessages, this.opts.writer.options.limits.maxRecords);
    while (frames.length > 0 && !this.closed) {
      const taken = frames.splice(0, perBatch);
      this.stats.received += taken.length;
      const messages: PushedMessage[] = [];
      const broken: Reject[] = [];
      let bytes = 0;
      for (const f of taken) {
        const line = ++position.line;
        if (f.kind === 'message') messages.push({ text: f.text, line, offset: f.offset });
        else broken.push(makeReject(f.reason, f.head, { file: 'syslog', line, offset: f.offset }));
        bytes += Buffer.byteLength(f.kind === 'message' ? f.text : f.head);
      }
      const batch = this.batchOf(messages, broken, bytes);
      // Offer until stored: the sender stays paused meanwhile, so a full queue or a failing store slows it down.
      let delivery = await this.deliverOnce(batch);
      while (delivery === 'retry' && !this.closed) {
        await sleep(this.opts.retryMs);
        delivery = await this.deliverOnce(batch);
      }
      if (delivery === 'never') this.stats.dropped += taken.length;
    }
  }

  private batchOf(messages: PushedMessage[], broken: Reject[], bytes: number): PushBatch {
    const decoder = createDecoder({ format: 'syslog', fileName: 'syslog', timezone: this.opts.timezone });
    const decoded = decodeMessages(decoder, messages);
    return { records: decoded.records, rejects: [...decoded.rejects, ...broken], bytes };
  }

  /** Offer a batch once: stored, worth retrying (queue full, store failing), or never to fit. */
  private async deliverOnce(batch: PushBatch): Promise<'stored' | 'retry' | 'never'> {
    const submitted = this.opts.writer.submit(batch);
    if (submitted.kind === 'refused') return submitted.refusal.kind === 'too_large' ? 'never' : 'retry';
    const outcome = await submitted.committed;
    if (outcome.kind !== 'stored') return 'retry';
    this.stats.stored += outcome.ids.length;
    this.stats.rejected += outcome.rejects;
    return 'stored';
  }

  private track(p: Promise<void>): Promise<void> {
    this.work.add(p);
    void p.finally(() => this.work.delete(p));
    return p;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}
