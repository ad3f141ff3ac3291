/** Health, Prometheus metrics and the API documentation. */
import type { AnyEndpoint } from '../endpoint.js';
import { endpoint } from '../endpoint.js';
import type { AppMetrics } from '../metrics.js';
import { docsPage, openApiDocument } from '../openapi.js';

export const API_VERSION = '1.0.0';

/** `documented` is every endpoint the docs list (these included). */
export function metaEndpoints(metrics: AppMetrics, documented: () => readonly AnyEndpoint[]): AnyEndpoint[] {
  return [
    endpoint({
      method: 'GET', path: '/healthz', tag: 'meta', access: 'public',
      summary: 'Liveness and database reachability',
      async handle({ options, reply }) {
        try {
          await options.store.maxLogId();
          return { status: 'ok', backend: options.store.backend };
        } catch {
          reply.code(503);
          return { status: 'unavailable', error: 'the database does not answer' };
        }
      },
    }),
    endpoint({
      method: 'GET', path: '/metrics', tag: 'meta', access: 'public',
      summary: 'Prometheus metrics: request counts and latency, records stored, open alerts and incidents',
      async handle({ reply }) {
        reply.type(metrics.registry.contentType);
        return metrics.registry.metrics();
      },
    }),
    endpoint({
      method: 'GET', path: '/api/docs/openapi.json', tag: 'meta', access: 'public',
      summary: 'This API as an OpenAPI 3.1 document',
      async handle() {
        return openApiDocument(documented(), { version: API_VERSION });
      },
    }),
    endpoint({
      method: 'GET', path: '/api/docs', tag: 'meta', access: 'public',
      summary: 'A page listing the endpoints',
      async handle({ reply }) {
        return reply.type('text/html; charset=utf-8').send(docsPage(documented()));
      },
    }),
  ];
}
