/** Mined templates: list (with sparklines), rename, freeze, mark normal, per-minute volume. */
import { API_PREFIX, IdParams, TemplatePatchBody, TemplatesQuery, TemplateVolumeQuery } from '../../api/schemas.js';
import type { TemplateRow } from '../../api/types.js';
import type { Template } from '../../domain/index.js';
import { dataSpan } from '../data-span.js';
import { defaultWindow, sparkline } from '../buckets.js';
import { endpoint, type AnyEndpoint } from '../endpoint.js';
import { notFound } from '../errors.js';

export function templateEndpoints(): AnyEndpoint[] {
  return [
    endpoint({
      method: 'GET', path: `${API_PREFIX}/templates`, tag: 'templates', access: 'viewer',
      summary: 'Templates by count or newest first; `spark=N` adds N-bucket sparklines over the last day of data (or all of it, when shorter)',
      query: TemplatesQuery,
      async handle({ query, options }): Promise<TemplateRow[]> {
        const { store } = options;
        const templates = await store.listTemplates({ service: query.service, order: query.order, limit: query.limit });
        if (query.spark === 0 || templates.length === 0) return templates;
        const range = { ...defaultWindow({ span: await dataSpan(store), now: options.now() }), buckets: query.spark };
        return Promise.all(
          templates.map(async (t) => ({ ...t, spark: sparkline(await store.templateVolume(t.id, range), range) })),
        );
      },
    }),
    endpoint({
      method: 'GET', path: `${API_PREFIX}/templates/:id`, tag: 'templates', access: 'viewer',
      summary: 'One template',
      params: IdParams,
      async handle({ params, options }): Promise<Template> {
        return (await options.store.getTemplate(params.id)) ?? notFoundTemplate(params.id);
      },
    }),
    endpoint({
      method: 'PATCH', path: `${API_PREFIX}/templates/:id`, tag: 'templates', access: 'admin',
      summary: 'Rename (name: null clears), freeze, or mark normal (never alerts as new or rare)',
      params: IdParams,
      body: TemplatePatchBody,
      async handle({ params, body, options }): Promise<Template> {
        const patch = { ...body, name: body.name === '' ? null : body.name };
        return (await options.store.updateTemplate(params.id, patch)) ?? notFoundTemplate(params.id);
      },
    }),
    endpoint({
      method: 'GET', path: `${API_PREFIX}/templates/:id/volume`, tag: 'templates', access: 'viewer',
      summary: 'Records per minute of one template',
      params: IdParams,
      query: TemplateVolumeQuery,
      async handle({ params, query, options }) {
        if (!(await options.store.getTemplate(params.id))) notFoundTemplate(params.id);
        return options.store.templateVolume(params.id, { since: query.since, until: query.until });
      },
    }),
  ];
}

function notFoundTemplate(id: number): never {
  throw notFound(`template ${id}`);
}
