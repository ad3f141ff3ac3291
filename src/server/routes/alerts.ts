/** Alerts (rule alerts, z-score spikes, ML anomalies): list, filter, ack, resolve, mark normal. */
import type { z } from 'zod';
import { AlertNormalBody, AlertsQuery, API_PREFIX, IdParams } from '../../api/schemas.js';
import type { Page } from '../../api/types.js';
import type { Alert, AlertStatus } from '../../domain/index.js';
import type { Store } from '../../store/store.js';
import { endpoint, type AnyEndpoint } from '../endpoint.js';
import { notFound } from '../errors.js';

export function alertEndpoints(): AnyEndpoint[] {
  const setStatus = (status: AlertStatus, verb: string) =>
    endpoint({
      method: 'POST', path: `${API_PREFIX}/alerts/:id/${verb}`, tag: 'alerts', access: 'viewer',
      summary: `Mark an alert ${status}`,
      params: IdParams,
      async handle({ params, options }): Promise<Alert> {
        await requireAlert(options.store, params.id);
        return (await options.store.setAlertStatus(params.id, status))!;
      },
    });
  return [
    endpoint({
      method: 'GET', path: `${API_PREFIX}/alerts`, tag: 'alerts', access: 'viewer',
      summary: 'Alerts, newest first, filtered by time, severity, rule, status, source, service or incident',
      query: AlertsQuery,
      async handle({ query, options }): Promise<Page<Alert>> {
        return options.store.listAlerts(alertQuery(query));
      },
    }),
    endpoint({
      method: 'GET', path: `${API_PREFIX}/alerts/:id`, tag: 'alerts', access: 'viewer',
      summary: 'One alert',
      params: IdParams,
      async handle({ params, options }): Promise<Alert> {
        return requireAlert(options.store, params.id);
      },
    }),
    setStatus('acked', 'ack'),
    setStatus('resolved', 'resolve'),
    endpoint({
      method: 'POST', path: `${API_PREFIX}/alerts/:id/normal`, tag: 'alerts', access: 'admin',
      summary: 'Mark an alert "not an anomaly" (or take that back); detectors learn from it',
      params: IdParams,
      body: AlertNormalBody,
      async handle({ params, body, options }) {
        await requireAlert(options.store, params.id);
        await options.store.markAlertNormal(params.id, body.normal);
        return { id: params.id, normal: body.normal };
      },
    }),
  ];
}

function alertQuery(q: z.output<typeof AlertsQuery>) {
  return {
    since: q.since, until: q.until, severity: q.severity, rule: q.rule, status: q.status, source: q.source,
    service: q.service, incidentId: q.incident, limit: q.limit, cursor: q.cursor,
  };
}

async function requireAlert(store: Store, id: number): Promise<Alert> {
  const alert = await store.getAlert(id);
  if (!alert) throw notFound(`alert ${id}`);
  return alert;
}
