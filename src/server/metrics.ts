/**
 * Prometheus metrics on a registry of this app's own (several apps in one process never clash):
 * request counts and latency by route, plus gauges read from the store at scrape time.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from '../store/store.js';

/** Open alerts are counted up to this many (the gauge saturates there). */
const OPEN_COUNT_CAP = 10_000;

export interface AppMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  latency: Histogram<'method' | 'route'>;
}

export function createMetrics(store: Store): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'logtrack_' });
  const requests = new Counter({
    name: 'logtrack_http_requests_total', help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'logtrack_http_request_duration_seconds', help: 'HTTP request latency by method and route', labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
  });
  new Gauge({
    name: 'logtrack_records_stored', help: 'Log records in the store', registers: [registry],
    async collect() {
      this.set(await store.countLogs());
    },
  });
  new Gauge({
    name: 'logtrack_alerts_open', help: `Alerts with status open (counted up to ${OPEN_COUNT_CAP})`, registers: [registry],
    async collect() {
      this.set((await store.listAlerts({ status: 'open', limit: OPEN_COUNT_CAP })).rows.length);
    },
  });
  new Gauge({
    name: 'logtrack_incidents_open', help: `Incidents with status open (counted up to ${OPEN_COUNT_CAP})`, registers: [registry],
    async collect() {
      this.set((await store.listIncidents({ status: 'open', limit: OPEN_COUNT_CAP })).rows.length);
    },
  });
  return { registry, requests, latency };
}

/** Count and time every request under its route pattern (never the raw URL: ids would explode the label set). */
export function instrument(app: FastifyInstance, { requests, latency }: AppMetrics): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    latency.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
}
