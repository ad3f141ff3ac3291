/** Silences: mute a rule, a template or a service until a time. */
import { API_PREFIX, IdParams, SilenceBody, SilencesQuery } from '../../api/schemas.js';
import type { Silence } from '../../store/store.js';
import { endpoint, signedIn, type AnyEndpoint } from '../endpoint.js';
import { badRequest, notFound } from '../errors.js';

export function silenceEndpoints(): AnyEndpoint[] {
  return [
    endpoint({
      method: 'GET', path: `${API_PREFIX}/silences`, tag: 'silences', access: 'viewer',
      summary: 'Silences (`active=true`: only those still in force)',
      query: SilencesQuery,
      async handle({ query, options }): Promise<Silence[]> {
        return options.store.listSilences(query.active ? { activeAt: options.now() } : {});
      },
    }),
    endpoint({
      method: 'POST', path: `${API_PREFIX}/silences`, tag: 'silences', access: 'admin',
      summary: 'Silence a rule, template or service until a time',
      body: SilenceBody,
      async handle({ body, caller, options, reply }): Promise<Silence> {
        if (body.until <= options.now()) throw badRequest('until must be in the future', 'until');
        reply.code(201);
        return options.store.addSilence({
          target: { kind: body.kind, value: body.value }, until: body.until, reason: body.reason, createdBy: signedIn(caller).user.name,
        });
      },
    }),
    endpoint({
      method: 'DELETE', path: `${API_PREFIX}/silences/:id`, tag: 'silences', access: 'admin',
      summary: 'Lift a silence',
      params: IdParams,
      async handle({ params, options }) {
        if (!(await options.store.deleteSilence(params.id))) throw notFound(`silence ${params.id}`);
        return { deleted: params.id };
      },
    }),
  ];
}
