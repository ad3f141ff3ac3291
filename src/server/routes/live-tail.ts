/**
 * `GET /api/v1/logs/stream`: server-sent events of new records as they are stored. The server
 * polls the store every `tail.pollMs` for ids past the last one sent (one batch per poll), sends
 * the matching ones, and a comment line now and then so proxies keep the connection open.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX, LogStreamQuery } from '../../api/schemas.js';
import type { Store } from '../../store/store.js';
import { endpoint, type AnyEndpoint } from '../endpoint.js';
import type { ServerOptions } from '../options.js';
import { SECURITY_HEADERS } from '../security.js';
import { resumeAfter, sseEvent, tailMatcher, type TailFilter } from '../tail.js';

const BATCH = 1000;

/** Open streams, so closing the server ends them. */
export class TailHub {
  private readonly stops = new Set<() => void>();

  add(stop: () => void): () => void {
    this.stops.add(stop);
    return () => this.stops.delete(stop);
  }

  closeAll(): void {
    for (const stop of [...this.stops]) stop();
  }
}

export function liveTailEndpoint(hub: TailHub): AnyEndpoint {
  return endpoint({
    method: 'GET', path: `${API_PREFIX}/logs/stream`, tag: 'logs', access: 'viewer',
    summary: 'Server-sent events: `log` for each new matching record (id = record id, so reconnects resume), `skipped` when falling behind',
    query: LogStreamQuery,
    async handle({ query, req, reply, options }) {
      await streamTail({ req, reply, options, filter: query, hub });
      return reply;
    },
  });
}

async function streamTail(args: { req: FastifyRequest; reply: FastifyReply; options: ServerOptions; filter: TailFilter; hub: TailHub }) {
  const { req, reply, options, filter, hub } = args;
  const { store, tail } = options;
  const lastEventId = req.headers['last-event-id'];
  let after = resumeAfter({ lastEventId: Array.isArray(lastEventId) ? lastEventId[0] : lastEventId, maxId: await store.maxLogId(), maxLagRows: tail.maxLagRows });
  const wants = tailMatcher(filter);

  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.write(`retry: 2000\n${sseEvent('ready', { after })}`);

  let open = true;
  let lastWrite = Date.now();
  const stop = () => {
    if (!open) return;
    open = false;
    forget();
    res.end();
  };
  const forget = hub.add(stop);
  res.on('close', stop);

  while (open) {
    await sleep(tail.pollMs);
    if (!open) break;
    try {
      const polled = await poll(store, after, tail.maxLagRows);
      if (polled.skipped > 0) res.write(sseEvent('skipped', { rows: polled.skipped }));
      for (const log of polled.rows) if (wants(log)) res.write(sseEvent('log', log, log.id));
      if (polled.rows.length > 0 || polled.skipped > 0) lastWrite = Date.now();
      after = polled.after;
      if (Date.now() - lastWrite >= tail.heartbeatMs) {
        res.write(': keep-alive\n\n');
        lastWrite = Date.now();
      }
    } catch (err) {
      req.log.warn({ err }, 'live tail poll failed');
      res.write(sseEvent('error', { error: 'reading new records failed; retrying' }));
    }
  }
}

/** One batch of records after `after`, skipping ahead first when more than `maxLag` are waiting. */
async function poll(store: Store, after: number, maxLag: number) {
  const maxId = await store.maxLogId();
  const from = resumeAfter({ lastEventId: String(after), maxId, maxLagRows: maxLag });
  const skipped = from - after;
  for await (const rows of store.scanLogs({ afterId: from, batchSize: BATCH })) {
    return { rows, skipped, after: rows[rows.length - 1]?.id ?? from };
  }
  return { rows: [], skipped, after: from };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
