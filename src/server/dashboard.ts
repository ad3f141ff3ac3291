/**
 * Serving the built dashboard: hashed assets cached for a year, index.html never cached, and any
 * other page path answered with index.html (the SPA routes itself). API paths stay JSON 404s.
 */
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { noSuchEndpoint } from './errors.js';

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LogTrack</title></head>
<body><h1>LogTrack</h1><p>The dashboard is not built. Run <code>npm run build:web</code> and restart <code>logtrack serve</code>.
The API is up: see <a href="/api/docs">/api/docs</a>.</p></body></html>`;

export async function serveDashboard(app: FastifyInstance, webRoot: string | null): Promise<void> {
  if (webRoot) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      index: false,
      cacheControl: false,
      setHeaders(res, path) {
        res.setHeader('cache-control', path.startsWith(join(webRoot, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    app.get('/', (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  }
  app.setNotFoundHandler(async (req: FastifyRequest, reply: FastifyReply) => {
    if (!isPagePath(req)) throw noSuchEndpoint(req.method, req.url);
    if (!webRoot) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}

/** A browser navigating to a dashboard page (not an API call, not a missing asset). */
function isPagePath(req: FastifyRequest): boolean {
  const path = req.url.split('?')[0]!;
  return (req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/api/') && !path.startsWith('/assets/') && !/\.\w+$/.test(path);
}
