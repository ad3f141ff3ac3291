/**
 * A NATS JetStream source: a durable pull consumer on a subject. Each message is one log event (a JSON
 * object by default, or a syslog line), decoded, stored through the ingest writer, and acknowledged
 * only after its batch is committed: at-least-once delivery.
 *
 * Exactly-once storage on top: every batch commits, in the same appendBatch, the checkpoint
 * `nats:<stream>:<consumer>` holding the last stream sequence stored, as a compare-and-swap. A message
 * at or below it (redelivered after a crash between commit and ack, or to a recreated consumer) is
 * acknowledged without being stored again. This holds because batches are committed in delivery order
 * and a failed commit is retried, never skipped: every sequence below the checkpoint is stored.
 */
import { AckPolicy, connect, DeliverPolicy, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
import { createDecoder, type FormatName } from '../formats/index.js';
import { decodeMessages } from '../ingest/messages.js';
import type { IngestWriter, PushBatch } from '../ingest/writer.js';
import type { Checkpoint } from '../store/store.js';

export interface NatsSourceOptions {
  url: string;
  subject: string;
  /** The stream holding the subject (default: the one whose subjects match it). */
  stream?: string;
  /** Durable consumer name (created when missing). */
  consumer: string;
  format: Extract<FormatName, 'json' | 'syslog'>;
  /** Service of every record (default: the one the data names, else `nats`). */
  service?: string;
  /** Most messages per commit. */
  batch: number;
  /** Wait between tries while the queue is full or the store failing. */
  retryMs: number;
  onNotice?: (message: string) => void;
}

export const DEFAULT_NATS: Omit<NatsSourceOptions, 'url' | 'subject'> = { consumer: 'logtrack', format: 'json', batch: 500, retryMs: 200 };

export interface NatsStats {
  /** Messages received (redeliveries included). */
  messages: number;
  /** Records and rejects committed. */
  stored: number;
  rejected: number;
  /** Messages acknowledged without storing: their sequence was stored already. */
  duplicates: number;
  commits: number;
}

export interface NatsSource {
  readonly stream: string;
  readonly stats: NatsStats;
  /** Stop consuming, finish the batch in hand (commit and ack it), and close the connection. */
  stop(): Promise<void>;
}

/** A setup failure, in one sentence. */
export class NatsSourceError extends Error {
  override readonly name = 'NatsSourceError';
}

export function checkpointKey(stream: string, consumer: string): string {
  return `nats:${stream}:${consumer}`;
}

export async function startNatsSource(writer: IngestWriter, input: Pick<NatsSourceOptions, 'url' | 'subject'> & Partial<NatsSourceOptions>): Promise<NatsSource> {
  const opts: NatsSourceOptions = { ...DEFAULT_NATS, ...input };
  const nc = await connect({ servers: opts.url, name: 'logtrack' }).catch((err: Error) => {
    throw new NatsSourceError(`cannot connect to NATS at ${opts.url}: ${err.message}`);
  });
  try {
    const stream = await ensureConsumer(nc, opts);
    const consumer = await nc.jetstream().consumers.get(stream, opts.consumer);
    const messages = await consumer.consume({ max_messages: opts.batch });
    const run = new NatsRun(writer, opts, stream, messages);
    const loop = run.loop().catch((err: Error) => opts.onNotice?.(`NATS source stopped: ${err.message}`));
    return {
      stream,
      stats: run.stats,
      async stop() {
        run.stopping = true;
        messages.stop();
        await loop;
        await nc.drain().catch(() => nc.close());
      },
    };
  } catch (err) {
    await nc.close();
    throw err instanceof NatsSourceError ? err : new NatsSourceError(`cannot consume ${opts.subject} from NATS: ${(err as Error).message}`);
  }
}

/** The stream of the subject, with the durable consumer on it (created when missing). */
async function ensureConsumer(nc: NatsConnection, opts: NatsSourceOptions): Promise<string> {
  const jsm = await nc.jetstreamManager();
  const stream = opts.stream ?? (await jsm.streams.find(opts.subject).catch(() => {
    throw new NatsSourceError(`no JetStream stream captures the subject ${opts.subject}: create one (nats stream add) or name it`);
  }));
  const exists = await jsm.consumers.info(stream, opts.consumer).then(() => true, () => false);
  if (!exists) {
    await jsm.consumers.add(stream, { durable_name: opts.consumer, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: opts.subject });
    opts.onNotice?.(`created the durable consumer ${opts.consumer} on stream ${stream}`);
  }
  return stream;
}

class NatsRun {
  readonly stats: NatsStats = { messages: 0, stored: 0, rejected: 0, duplicates: 0, commits: 0 };
  stopping = false;
  private readonly key: string;
  /** The last stream sequence stored (the checkpoint's offset), once read. */
  private last: number | null = null;

  constructor(
    private readonly writer: IngestWriter,
    private readonly opts: NatsSourceOptions,
    stream: string,
    private readonly messages: ConsumerMessages,
  ) {
    this.key = checkpointKey(stream, opts.consumer);
  }

  /** Gather messages while more are buffered (up to a batch), then commit them; repeat. */
  async loop(): Promise<void> {
    let held: JsMsg[] = [];
    for await (const msg of this.messages) {
      held.push(msg);
      // getPending() still counts the message in hand: 1 means nothing else is buffered.
      if (held.length < this.opts.batch && this.messages.getPending() > 1) continue;
      await this.commit(held);
      held = [];
    }
    if (held.length > 0) await this.commit(held);
  }

  /** Store the new messages of `held` with the checkpoint, then acknowledge all of them. */
  private async commit(held: JsMsg[]): Promise<void> {
    this.stats.messages += held.length;
    for (;;) {
      this.last ??= (await this.writer.store.getCheckpoint(this.key))?.offset ?? 0;
      const fresh = newMessages(held, this.last);
      if (fresh.length > 0) {
        const outcome = await this.offer(fresh);
        // Unacknowledged, the batch comes back to the durable consumer later.
        if (outcome === 'stopped') return;
        if (outcome === 'conflict') {
          this.last = null;
          continue;
        }
        this.last = fresh[fresh.length - 1]!.seq;
      }
      this.stats.duplicates += held.length - fresh.length;
      break;
    }
    for (const msg of held) msg.ack();
  }

  /** Offer until committed (retrying while the queue is full or the store failing), or until stopped. */
  private async offer(fresh: JsMsg[]): Promise<'stored' | 'conflict' | 'stopped'> {
    const batch = this.batchOf(fresh);
    for (;;) {
      const submitted = this.writer.submit(batch);
      if (submitted.kind === 'queued') {
        const outcome = await submitted.committed;
        if (outcome.kind === 'stored') {
          this.stats.stored += outcome.ids.length;
          this.stats.rejected += outcome.rejects;
          this.stats.commits++;
          return 'stored';
        }
        if (outcome.kind === 'conflict') return 'conflict';
      } else if (submitted.refusal.kind === 'too_large') {
        throw new Error(`a batch of ${this.opts.batch} messages is too large for the ingest queue: lower the batch size`);
      }
      if (this.stopping) return 'stopped';
      for (const msg of fresh) msg.working();
      await new Promise((resolve) => setTimeout(resolve, this.opts.retryMs));
    }
  }

  private batchOf(fresh: JsMsg[]): PushBatch {
    const decoder = createDecoder({ format: this.opts.format, service: this.opts.service, fileName: 'nats' });
    const { records, rejects } = decodeMessages(decoder, fresh.map((m) => ({ text: m.string(), line: m.seq, offset: 0 })));
    const lastSeq = fresh[fresh.length - 1]!.seq;
    const next: Checkpoint = { key: this.key, path: this.opts.subject, offset: lastSeq, line: lastSeq, size: 0, updatedAt: Date.now() };
    const bytes = fresh.reduce((sum, m) => sum + m.data.length, 0);
    return { records, rejects, bytes, checkpoint: { next, expectOffset: this.last ?? 0 } };
  }
}

/** The messages past `last`, in stream order, each sequence once (a batch may hold redeliveries). */
export function newMessages<M extends { seq: number }>(held: readonly M[], last: number): M[] {
  const bySeq = new Map<number, M>();
  for (const m of held) if (m.seq > last && !bySeq.has(m.seq)) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
