/** Incidents: list, detail (explanation, evidence, related anomalies), ack and resolve. */
import { API_PREFIX, IdParams, IncidentsQuery } from '../../api/schemas.js';
import type { IncidentDetail, Page } from '../../api/types.js';
import type { Alert, Incident, IncidentStatus } from '../../domain/index.js';
import type { Store } from '../../store/store.js';
import { endpoint, type AnyEndpoint } from '../endpoint.js';
import { notFound } from '../errors.js';
import { assembleIncidentDetail, evidenceIds, RELATED_PADDING_MS } from '../incident-detail.js';

const MAX_MEMBERS = 1000;

export function incidentEndpoints(): AnyEndpoint[] {
  const setStatus = (status: Exclude<IncidentStatus, 'open'>, verb: string) =>
    endpoint({
      method: 'POST', path: `${API_PREFIX}/incidents/:id/${verb}`, tag: 'incidents', access: 'viewer',
      summary: `Mark an incident ${status}, and its open alerts with it`,
      params: IdParams,
      async handle({ params, options }): Promise<Incident> {
        const { store } = options;
        const incident = await requireIncident(store, params.id);
        const now = options.now();
        for (const alert of await membersOf(store, incident.id)) {
          if (alert.status === 'open' || status === 'resolved') await store.setAlertStatus(alert.id, status);
        }
        return (await store.updateIncident(incident.id, { status, updatedAt: now, resolvedAt: status === 'resolved' ? now : null }))!;
      },
    });
  return [
    endpoint({
      method: 'GET', path: `${API_PREFIX}/incidents`, tag: 'incidents', access: 'viewer',
      summary: 'Incidents, newest first, by status; follow nextCursor for more',
      query: IncidentsQuery,
      async handle({ query, options }): Promise<Page<Incident>> {
        return options.store.listIncidents({ status: query.status, since: query.since, limit: query.limit, cursor: query.cursor });
      },
    }),
    endpoint({
      method: 'GET', path: `${API_PREFIX}/incidents/:id`, tag: 'incidents', access: 'viewer',
      summary: 'One incident with its alerts, explanation factors, evidence lines (template parameters marked) and related anomalies',
      params: IdParams,
      async handle({ params, options }): Promise<IncidentDetail> {
        const { store } = options;
        const incident = await requireIncident(store, params.id);
        const alerts = await membersOf(store, incident.id);
        const logs = await store.getLogs(evidenceIds(alerts));
        const templateIds = [...new Set(logs.flatMap((l) => (l.templateId == null ? [] : [l.templateId])))];
        const window = { since: incident.start - RELATED_PADDING_MS, until: incident.end + RELATED_PADDING_MS, limit: 200 };
        const [templates, zscore, ml] = await Promise.all([
          store.getTemplates(templateIds),
          store.listAlerts({ ...window, source: 'zscore' }),
          store.listAlerts({ ...window, source: 'ml' }),
        ]);
        return assembleIncidentDetail({ incident, alerts, logs, templates, candidates: [...zscore.rows, ...ml.rows] });
      },
    }),
    setStatus('acked', 'ack'),
    setStatus('resolved', 'resolve'),
  ];
}

async function membersOf(store: Store, incidentId: number): Promise<Alert[]> {
  return (await store.listAlerts({ incidentId, limit: MAX_MEMBERS })).rows;
}

async function requireIncident(store: Store, id: number): Promise<Incident> {
  const incident = await store.getIncident(id);
  if (!incident) throw notFound(`incident ${id}`);
  return incident;
}
