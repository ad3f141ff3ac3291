/** Volume per service per time bucket, with alerts and anomalies to overlay on the chart. */
import { API_PREFIX, StatsQuery } from '../../api/schemas.js';
import type { ChartMarker, StatsResponse } from '../../api/types.js';
import type { Alert } from '../../domain/index.js';
import { chooseBucket, defaultWindow } from '../buckets.js';
import { dataSpan } from '../data-span.js';
import { endpoint, type AnyEndpoint } from '../endpoint.js';
import { badRequest } from '../errors.js';

const MAX_MARKERS = 1000;

export function statsEndpoints(): AnyEndpoint[] {
  return [
    endpoint({
      method: 'GET', path: `${API_PREFIX}/stats`, tag: 'stats', access: 'viewer',
      summary: 'Records (and errors) per service per bucket, with alert and anomaly markers; default: the last day of data (or all of it, when shorter)',
      query: StatsQuery,
      async handle({ query, options }): Promise<StatsResponse> {
        const { store } = options;
        const span = query.since == null ? await dataSpan(store) : null;
        const { since, until } = defaultWindow({ since: query.since, until: query.until, span, now: options.now() });
        if (until <= since) throw badRequest('until must be after since', 'until');
        const bucketMs = query.bucket ?? chooseBucket(until - since);
        const [volume, alerts] = await Promise.all([
          store.volume({ since, until, bucketMs, service: query.service }),
          store.listAlerts({ since, until, service: query.service, limit: MAX_MARKERS }),
        ]);
        const services = [...new Set(volume.map((v) => v.service))].sort();
        return { since, until, bucketMs, services, volume, markers: alerts.rows.map(chartMarker) };
      },
    }),
  ];
}

export function chartMarker(a: Alert): ChartMarker {
  return {
    alertId: a.id,
    ts: a.windowStart,
    kind: a.source === 'rule' ? 'alert' : 'anomaly',
    severity: a.severity,
    service: a.scope.service ?? null,
    label: `${a.ruleName}: ${a.message}`,
  };
}
