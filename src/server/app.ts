/**
 * The HTTP server: `buildApp({ store })` returns a ready Fastify instance (not listening), so
 * tests drive it with `app.inject` and `logtrack serve` calls `listen`.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { mountEndpoints, type AnyEndpoint } from './endpoint.js';
import { installErrorHandler } from './errors.js';
import { createMetrics, instrument } from './metrics.js';
import { DEFAULT_SERVER_OPTIONS, type ServerOptions } from './options.js';
import { serveDashboard } from './dashboard.js';
import { installSecurityHeaders } from './security.js';
import { alertEndpoints } from './routes/alerts.js';
import { authEndpoints, loginLimiter } from './routes/auth.js';
import { incidentEndpoints } from './routes/incidents.js';
import { mountIngest } from './routes/ingest.js';
import { liveTailEndpoint, TailHub } from './routes/live-tail.js';
import { logEndpoints } from './routes/logs.js';
import { metaEndpoints } from './routes/meta.js';
import { ruleEndpoints } from './routes/rules.js';
import { silenceEndpoints } from './routes/silences.js';
import { statsEndpoints } from './routes/stats.js';
import { templateEndpoints } from './routes/templates.js';
import { userEndpoints } from './routes/users.js';

export type BuildOptions = Pick<ServerOptions, 'store'> & Partial<Omit<ServerOptions, 'store'>>;

export async function buildApp(input: BuildOptions): Promise<FastifyInstance> {
  const options: ServerOptions = { ...DEFAULT_SERVER_OPTIONS, ...input };
  const app = Fastify({
    logger: options.logLevel ? { level: options.logLevel } : false,
    trustProxy: options.trustProxy,
    bodyLimit: 1024 * 1024,
    forceCloseConnections: true,
  });
  installErrorHandler(app);
  installSecurityHeaders(app);
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });

  const metrics = createMetrics(options.store);
  instrument(app, metrics);
  const hub = new TailHub();
  app.addHook('preClose', async () => hub.closeAll());

  const endpoints: AnyEndpoint[] = [
    ...authEndpoints(loginLimiter(app, options)),
    liveTailEndpoint(hub),
    ...logEndpoints(),
    ...templateEndpoints(),
    ...alertEndpoints(),
    ...incidentEndpoints(),
    ...ruleEndpoints(),
    ...userEndpoints(),
    ...silenceEndpoints(),
    ...statsEndpoints(),
  ];
  endpoints.push(...metaEndpoints(metrics, () => endpoints));
  mountEndpoints(app, endpoints, options);
  endpoints.push(...(await mountIngest(app, { options, metrics }))); // own context (raw bodies); pushed here only for the docs
  await serveDashboard(app, options.webRoot);
  return app;
}
