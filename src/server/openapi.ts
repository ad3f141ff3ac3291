/**
 * The OpenAPI 3.1 document, generated from the endpoint list and its zod schemas, and a minimal
 * HTML page listing the endpoints (no external assets, so the CSP holds).
 */
import { z } from 'zod';
import type { AnyEndpoint } from './endpoint.js';

type JsonSchema = { properties?: Record<string, unknown>; required?: string[]; [k: string]: unknown };

const ERROR_SCHEMA = {
  type: 'object',
  properties: { error: { type: 'string' }, field: { type: 'string' } },
  required: ['error'],
};

const ACCESS_TEXT = { public: 'no sign-in needed', viewer: 'any signed-in user', admin: 'admins only' } as const;

export function openApiDocument(endpoints: readonly AnyEndpoint[], info: { version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const path = e.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][e.method.toLowerCase()] = operation(e);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'LogTrack API', version: info.version, description: 'Log anomaly detection and alerting. Errors are `{ "error": "one sentence" }`.' },
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'logtrack_session', description: 'From POST /api/v1/auth/login; state changes also need the x-csrf-token header' },
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token from `logtrack users token` or POST /api/v1/tokens' },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
  };
}

function operation(e: AnyEndpoint): Record<string, unknown> {
  const parameters = [...parametersOf(e.params, 'path'), ...parametersOf(e.query, 'query')];
  const op: Record<string, unknown> = {
    summary: e.summary,
    description: `Access: ${ACCESS_TEXT[e.access]}.`,
    tags: [e.tag],
    operationId: `${e.method.toLowerCase()}${e.path.replace(/^\/api\/v1/, '').replace(/[/:](\w)/g, (_, c: string) => c.toUpperCase())}`,
    responses: responses(e),
  };
  if (parameters.length) op.parameters = parameters;
  if (e.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(e.body) } } };
  op.security = e.access === 'public' ? [] : [{ session: [] }, { bearer: [] }];
  return op;
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchema(schema);
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name, in: where, required: where === 'path' || required.has(name), schema: s,
  }));
}

function responses(e: AnyEndpoint): Record<string, unknown> {
  const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  const out: Record<string, unknown> = { [e.method === 'POST' && !e.path.includes('/:') && e.tag !== 'auth' ? '201' : '200']: { description: 'Success' } };
  if (e.params || e.query || e.body) out['400'] = error('Invalid input; the sentence names the field');
  if (e.access !== 'public') out['401'] = error('Not signed in, or the session expired');
  if (e.access === 'admin' || (e.method !== 'GET' && e.access !== 'public')) out['403'] = error('Missing CSRF header, or the admin role is needed');
  if (e.path.includes('/:')) out['404'] = error('No such object');
  if (e.path.endsWith('/auth/login')) out['429'] = error('Too many login attempts');
  return out;
}

function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

export function docsPage(endpoints: readonly AnyEndpoint[]): string {
  const rows = endpoints
    .map((e) => `<tr><td class="m">${e.method}</td><td><code>${escapeHtml(e.path)}</code></td><td>${escapeHtml(e.summary)}</td><td>${ACCESS_TEXT[e.access]}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LogTrack API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<h1>LogTrack API</h1>
<p>The machine-readable document: <a href="/api/docs/openapi.json">/api/docs/openapi.json</a> (OpenAPI 3.1).
Sign in with <code>POST /api/v1/auth/login</code> (cookie + <code>x-csrf-token</code> for changes) or send <code>Authorization: Bearer &lt;token&gt;</code>.</p>
<table border="1" cellpadding="4" cellspacing="0">
<thead><tr><th>Method</th><th>Path</th><th>What</th><th>Access</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
