/**
 * Push ingestion over HTTP: `POST /api/v1/ingest` (NDJSON or a JSON array of log objects) and OTLP/HTTP
 * logs at `POST /v1/logs` (protobuf or JSON encoding). Any signed-in caller may push: a viewer's API token is enough,
 * since a log shipper should hold no right to change rules or users.
 *
 * A 200 means stored: the answer waits until the batch is committed. Room in the ingest queue is
 * reserved from Content-Length before the body is read, so a full queue answers 429 (a failing store
 * 503), with Retry-After, without reading anything. The routes live in their own Fastify context: their
 * bodies arrive raw (up to INGEST_BODY_LIMIT) whatever the rest of the API accepts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_PREFIX } from '../../api/schemas.js';
import type { Refusal } from '../../ingest/admission.js';
import { batchOf, type DecodedBody } from '../../ingest/decoded.js';
import { decodeJsonArray, decodeNdjson } from '../../ingest/json-body.js';
import { registerIngestMetrics } from '../../ingest/metrics.js';
import { decodeOtlpProtobuf, encodeExportLogsResponse } from '../../ingest/otlp-protobuf.js';
import { decodeOtlpLogs } from '../../ingest/otlp.js';
import type { Reservation } from '../../ingest/queue.js';
import { createIngestWriter, ingestWriterOf, type IngestWriter } from '../../ingest/writer.js';
import { endpoint, mountEndpoints, type AnyEndpoint } from '../endpoint.js';
import { ApiError } from '../errors.js';
import type { AppMetrics } from '../metrics.js';
import type { Store } from '../../store/store.js';
import type { ServerOptions } from '../options.js';

export const INGEST_BODY_LIMIT = 16 * 1024 * 1024;
/** Most rejects listed in an answer (`rejected` still counts them all). */
export const MAX_LISTED_REJECTS = 1000;

const STATUS: Record<Refusal['kind'], number> = { too_large: 413, busy: 429, unavailable: 503 };

const fieldList = z.string().trim().min(1).max(500).transform((s) => s.split(',').map((k) => k.trim()).filter(Boolean));

const IngestQuery = z.strictObject({
  /** Service of records that name none. */
  service: z.string().trim().min(1).max(200).optional(),
  tsField: fieldList.optional(),
  messageField: fieldList.optional(),
  levelField: fieldList.optional(),
  serviceField: fieldList.optional(),
  userField: fieldList.optional(),
  hostField: fieldList.optional(),
});

const OtlpQuery = z.strictObject({ service: z.string().trim().min(1).max(200).optional() });

/**
 * Mount the ingest routes in a context of their own (raw bodies, queue reservations) on the store's
 * ingest writer (one is created, and closed with the app, when the store has none); returns the
 * endpoints so the API documentation lists them.
 */
export async function mountIngest(app: FastifyInstance, deps: { options: ServerOptions; metrics: AppMetrics }): Promise<AnyEndpoint[]> {
  const { store } = deps.options;
  const writer = ingestWriterOf(store) ?? ownWriter(app, store);
  registerIngestMetrics(deps.metrics.registry, writer);
  const reservations = new WeakMap<FastifyRequest, Reservation>();
  const endpoints = ingestEndpoints(writer, reservations);
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: INGEST_BODY_LIMIT }, (_req, body, done) => done(null, body));
    scope.addHook('onRequest', async (req, reply) => {
      // A chunked body (no Content-Length) reserves nothing yet: it is counted once read, like every body.
      const length = Number(req.headers['content-length'] ?? 0);
      const reserved = writer.reserve(Number.isFinite(length) ? Math.min(length, INGEST_BODY_LIMIT) : 0);
      if (reserved.kind === 'refused') return refuse(reply, reserved.refusal);
      reservations.set(req, reserved.reservation);
      // 'close' comes after the answer is sent and after an abort alike: the room is never kept.
      reply.raw.once('close', () => reserved.reservation.release());
    });
    mountEndpoints(scope, endpoints, deps.options);
  });
  return endpoints;
}

/** A writer of the app's own, closed (its queue committed) before the app stops answering. */
function ownWriter(app: FastifyInstance, store: Store): IngestWriter {
  const writer = createIngestWriter(store);
  app.addHook('preClose', () => writer.close());
  return writer;
}

function ingestEndpoints(writer: IngestWriter, reservations: WeakMap<FastifyRequest, Reservation>): AnyEndpoint[] {
  return [
    endpoint({
      method: 'POST', path: `${API_PREFIX}/ingest`, tag: 'ingest', access: 'viewer', query: IngestQuery,
      summary:
        'Push log objects as NDJSON (application/x-ndjson) or a JSON array (application/json), mapped like the json format ' +
        '(?service= names the service of objects without one; ?tsField=, ?messageField=… list other keys). Answers after the ' +
        'records are stored: {accepted, rejected, rejects: [{index, reason}]}; 429/503 with Retry-After when the queue is full or the store failing',
      async handle({ query, req, reply }) {
        const { service, tsField, messageField, levelField, serviceField, userField, hostField } = query;
        const opts = {
          defaultService: service ?? 'unknown', file: 'http',
          fieldMap: { ts: tsField, message: messageField, level: levelField, service: serviceField, user: userField, host: hostField },
        };
        const body = rawBody(req);
        const type = mediaType(req);
        let decoded: DecodedBody;
        if (type === 'application/x-ndjson' || type === 'application/jsonl') decoded = decodeNdjson(body, opts);
        else if (type === 'application/json') decoded = decodeJsonArray(body, opts);
        else throw new ApiError(415, 'send log objects as application/x-ndjson (one per line) or application/json (an array)');
        if (decoded.kind === 'invalid') throw new ApiError(400, decoded.reason);
        const stored = await commit(writer, decoded, body.length, reservations.get(req), reply);
        if (stored.kind === 'answered') return reply;
        const listed = decoded.rejects.slice(0, MAX_LISTED_REJECTS).map((r) => ({ index: r.index, reason: r.reject.reason }));
        return { accepted: stored.accepted, rejected: decoded.rejects.length, rejects: listed };
      },
    }),
    endpoint({
      method: 'POST', path: '/v1/logs', tag: 'ingest', access: 'viewer', query: OtlpQuery,
      summary:
        'OTLP/HTTP logs (an ExportLogsServiceRequest as application/x-protobuf or application/json). Answers after the records ' +
        'are stored, in the encoding of the request, with partialSuccess when some were rejected; 429/503 with Retry-After when ' +
        'the queue is full or the store failing',
      async handle({ query, req, reply }) {
        const type = mediaType(req);
        if (type !== 'application/json' && type !== 'application/x-protobuf') throw new ApiError(415, 'send OTLP logs as application/x-protobuf or application/json');
        const body = rawBody(req);
        const request = type === 'application/json' ? parseOtlpJson(body) : decodeOtlpProtobuf(body);
        if (request.kind === 'invalid') throw new ApiError(400, request.reason);
        const decoded = decodeOtlpLogs(request.request, { defaultService: query.service ?? 'unknown', file: 'otlp' });
        if (decoded.kind === 'invalid') throw new ApiError(400, decoded.reason);
        const stored = await commit(writer, decoded, body.length, reservations.get(req), reply);
        if (stored.kind === 'answered') return reply;
        const shown = decoded.rejects.slice(0, 5).map((r) => `#${r.index} ${r.reject.reason}`).join('; ');
        const partial = decoded.rejects.length === 0 ? null : { rejectedLogRecords: decoded.rejects.length, errorMessage: `${decoded.rejects.length} log records rejected: ${shown}` };
        if (type === 'application/x-protobuf') return reply.type('application/x-protobuf').send(Buffer.from(encodeExportLogsResponse(partial)));
        return partial === null ? {} : { partialSuccess: partial };
      },
    }),
  ];
}

type Committed = { kind: 'stored'; accepted: number } | { kind: 'answered' };

/** Queue the decoded body and wait for its commit; a refusal or failure is answered here. */
async function commit(
  writer: IngestWriter, decoded: Extract<DecodedBody, { kind: 'decoded' }>, bytes: number, reservation: Reservation | undefined, reply: FastifyReply,
): Promise<Committed> {
  const submitted = writer.submit(batchOf(decoded, bytes), reservation?.active ? reservation : undefined);
  if (submitted.kind === 'refused') {
    refuse(reply, submitted.refusal);
    return { kind: 'answered' };
  }
  const outcome = await submitted.committed;
  switch (outcome.kind) {
    case 'stored':
      return { kind: 'stored', accepted: outcome.ids.length };
    case 'failed':
      refuse(reply, { kind: 'unavailable', reason: outcome.reason, retryAfterSec: outcome.retryAfterSec });
      return { kind: 'answered' };
    case 'conflict':
      throw new Error('a batch without a checkpoint cannot conflict');
  }
}

function parseOtlpJson(body: Buffer): { kind: 'decoded'; request: unknown } | { kind: 'invalid'; reason: string } {
  try {
    return { kind: 'decoded', request: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    return { kind: 'invalid', reason: 'the body is not valid JSON: send an OTLP ExportLogsServiceRequest' };
  }
}

function refuse(reply: FastifyReply, refusal: Refusal): FastifyReply {
  if (refusal.kind !== 'too_large') reply.header('retry-after', String(refusal.retryAfterSec));
  return reply.code(STATUS[refusal.kind]).send({ error: refusal.reason });
}

function rawBody(req: FastifyRequest): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

function mediaType(req: FastifyRequest): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}
