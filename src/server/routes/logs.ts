/** Stored records: filtered, full-text, cursor-paginated; and the services seen. */
import { API_PREFIX, IdParams, LogsQuery } from '../../api/schemas.js';
import type { Page, ServiceSummary } from '../../api/types.js';
import type { StoredLog } from '../../domain/index.js';
import type { Store } from '../../store/store.js';
import { endpoint, type AnyEndpoint } from '../endpoint.js';
import { notFound } from '../errors.js';

const SERVICES_CACHE_MS = 30_000;

export function logEndpoints(): AnyEndpoint[] {
  const services = cached(SERVICES_CACHE_MS, (store: Store) => store.services());
  return [
    endpoint({
      method: 'GET', path: `${API_PREFIX}/logs`, tag: 'logs', access: 'viewer',
      summary: 'Records, newest first, filtered by service, level (and worse), time, text, template or user; follow nextCursor for more',
      query: LogsQuery,
      async handle({ query, options }): Promise<Page<StoredLog>> {
        return options.store.queryLogs({
          service: query.service,
          minLevel: query.level,
          since: query.since,
          until: query.until,
          grep: query.grep,
          templateId: query.template,
          user: query.user,
          host: query.host,
          limit: query.limit,
          cursor: query.cursor,
          order: query.order,
        });
      },
    }),
    endpoint({
      method: 'GET', path: `${API_PREFIX}/logs/:id`, tag: 'logs', access: 'viewer',
      summary: 'One record',
      params: IdParams,
      async handle({ params, options }): Promise<StoredLog> {
        const [log] = await options.store.getLogs([params.id]);
        if (!log) throw notFound(`record ${params.id}`);
        return log;
      },
    }),
    endpoint({
      method: 'GET', path: `${API_PREFIX}/services`, tag: 'logs', access: 'viewer',
      summary: 'Every service with its record count and first and last record times (refreshed every 30 s)',
      async handle({ options }): Promise<ServiceSummary[]> {
        return services(options.store, options.now());
      },
    }),
  ];
}

/** Memoise an expensive read for `ttlMs` (per store). */
function cached<T>(ttlMs: number, load: (store: Store) => Promise<T>): (store: Store, now: number) => Promise<T> {
  const entries = new WeakMap<Store, { at: number; value: Promise<T> }>();
  return (store, now) => {
    const hit = entries.get(store);
    if (hit && now - hit.at < ttlMs) return hit.value;
    const value = load(store);
    entries.set(store, { at: now, value });
    value.catch(() => entries.delete(store));
    return value;
  };
}
