/**
 * Pick a backend from a database location: a `postgres://` (or `postgresql://`) URL selects
 * PostgreSQL, anything else is an SQLite file path. Default: LOGTRACK_DB, else ./logtrack.db.
 */
import type { Store } from './store.js';
import { SqliteStore } from './sqlite/store.js';

export const DEFAULT_DB = './logtrack.db';

export function resolveDbLocation(explicit?: string): string {
  return explicit ?? process.env.LOGTRACK_DB ?? DEFAULT_DB;
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export async function openStore(location: string = resolveDbLocation()): Promise<Store> {
  if (isPostgresUrl(location)) {
    const { PostgresStore } = await import('./postgres/store.js');
    return PostgresStore.open(location);
  }
  return SqliteStore.open(location);
}
