/** What `buildApp` can be told, with defaults. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '../store/store.js';

export interface ServerOptions {
  store: Store;
  /** How long a login lasts (absolute, from login). */
  sessionTtlMs: number;
  /** Login attempts allowed per client address and user name in `windowMs`. */
  loginLimit: { max: number; windowMs: number };
  /** Live tail: how often the store is polled, and how far behind a client may fall before rows are skipped. */
  tail: { pollMs: number; maxLagRows: number; heartbeatMs: number };
  /** The built dashboard (index.html and assets); null serves the API only. */
  webRoot: string | null;
  /** Believe X-Forwarded-* headers (behind a reverse proxy that sets them). */
  trustProxy: boolean;
  /** Fastify's logger: false (quiet) or a pino level. */
  logLevel: false | 'error' | 'warn' | 'info';
  /** The clock (sessions and default time ranges). */
  now: () => number;
}

export const DEFAULT_SERVER_OPTIONS: Omit<ServerOptions, 'store'> = {
  sessionTtlMs: 12 * 3600_000,
  loginLimit: { max: 5, windowMs: 60_000 },
  tail: { pollMs: 500, maxLagRows: 5000, heartbeatMs: 15_000 },
  webRoot: defaultWebRoot(),
  trustProxy: false,
  logLevel: false,
  now: Date.now,
};

/** web/dist at the repository (or package) root, from src/server or dist/server alike; null when not built. */
export function defaultWebRoot(): string | null {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const dist = join(root, 'web', 'dist');
  return existsSync(join(dist, 'index.html')) ? dist : null;
}
