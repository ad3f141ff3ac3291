/**
 * The backends every contract test runs against. SQLite always (a fresh file in a temp dir);
 * PostgreSQL when a server answers on LOGTRACK_TEST_PG (default postgres://postgres@127.0.0.1:5432/test),
 * each store in its own schema so runs never collide. Set LOGTRACK_TEST_PG=off to skip it explicitly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Store } from '../store.js';
import { openStore } from '../open.js';

export interface TestBackend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty store location. */
  freshLocation(): Promise<string>;
  /** Open a fresh, empty store. */
  open(): Promise<Store>;
  /** Delete every row of the store at `location` (from freshLocation), keeping its schema. */
  empty(location: string): Promise<void>;
  cleanup(): Promise<void>;
}

export const TEST_PG_URL = process.env.LOGTRACK_TEST_PG || 'postgres://postgres@127.0.0.1:5432/test';

function sqliteBackend(): TestBackend {
  const dirs: string[] = [];
  const freshLocation = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logtrack-test-'));
    dirs.push(dir);
    return join(dir, 'test.db');
  };
  return {
    name: 'sqlite',
    freshLocation,
    open: async () => openStore(await freshLocation()),
    empty: async (location) => {
      const db = new BetterSqlite3(location);
      try {
        const tables = db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite%' and name not like 'kysely%'`).pluck().all() as string[];
        db.transaction(() => tables.forEach((t) => db.exec(`delete from "${t}"`)))();
      } finally {
        db.close();
      }
    },
    cleanup: async () => {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

function postgresBackend(): TestBackend {
  const schemas: string[] = [];
  const freshLocation = async () => {
    const { createTestSchema } = await import('../postgres/testing.js');
    const url = await createTestSchema(TEST_PG_URL);
    schemas.push(url);
    return url;
  };
  return {
    name: 'postgres',
    freshLocation,
    open: async () => openStore(await freshLocation()),
    empty: async (location) => {
      const { emptyTestSchema } = await import('../postgres/testing.js');
      await emptyTestSchema(location);
    },
    cleanup: async () => {
      const { dropTestSchemas } = await import('../postgres/testing.js');
      await dropTestSchemas(schemas.splice(0));
    },
  };
}

/**
 * PostgreSQL joins when asked for explicitly (LOGTRACK_TEST_PG set: then an unreachable server fails
 * the tests loudly) or when the default server answers; otherwise it is left out with a warning.
 */
async function includePostgres(): Promise<boolean> {
  const setting = process.env.LOGTRACK_TEST_PG;
  if (setting === 'off') return false;
  if (setting) return true;
  const { postgresAnswers } = await import('../postgres/testing.js');
  if (await postgresAnswers(TEST_PG_URL)) return true;
  console.warn(`PostgreSQL contract tests left out: no server answers at ${TEST_PG_URL} (set LOGTRACK_TEST_PG to a URL, or to "off").`);
  return false;
}

export const BACKENDS: TestBackend[] = (await includePostgres()) ? [sqliteBackend(), postgresBackend()] : [sqliteBackend()];
