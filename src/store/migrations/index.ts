/**
 * Versioned migrations for every backend. Each migration is one schema definition written with
 * Kysely's schema builder; it receives the dialect only for the few choices that must differ.
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './001-initial.js';
import * as logQueryIndexes from './002-log-query-indexes.js';
import * as fewerLogIndexes from './003-fewer-log-indexes.js';
import * as templateMergedInto from './004-template-merged-into.js';
import * as postgresLogIndexes from './005-postgres-log-indexes.js';
import * as sqliteLogBlocks from './006-sqlite-log-blocks.js';
import * as postgresLogBlocks from './007-postgres-log-blocks.js';
import * as logTimeBlocks from './008-log-time-blocks.js';

export type Dialect = 'sqlite' | 'postgres';

interface DialectMigration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

const MIGRATIONS: Record<string, DialectMigration> = {
  '001-initial': initial,
  '002-log-query-indexes': logQueryIndexes,
  '003-fewer-log-indexes': fewerLogIndexes,
  '004-template-merged-into': templateMergedInto,
  '005-postgres-log-indexes': postgresLogIndexes,
  '006-sqlite-log-blocks': sqliteLogBlocks,
  '007-postgres-log-blocks': postgresLogBlocks,
  '008-log-time-blocks': logTimeBlocks,
};

export interface MigrateOptions {
  /**
   * PostgreSQL: the schema holding the store (created if missing). Kysely's bookkeeping tables go
   * there too; left unset, Kysely would find another schema's bookkeeping and skip this one.
   */
  schema?: string;
}

export async function migrate(db: Kysely<unknown>, dialect: Dialect, opts: MigrateOptions = {}): Promise<void> {
  // Most opens find the schema up to date: check that directly. Kysely's migrator introspects every
  // schema of the database, which fails when another process drops its own schema at that moment.
  if (await upToDate(db, opts.schema)) return;
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) out[name] = { up: (kdb) => m.up(kdb, dialect) };
      return out;
    },
  };
  const { error, results } = await new Migrator({ db, provider, migrationTableSchema: opts.schema }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** True when this schema's bookkeeping lists every migration (false when it does not exist yet). */
async function upToDate(db: Kysely<unknown>, schema: string | undefined): Promise<boolean> {
  const table = schema ? sql.id(schema, 'kysely_migration') : sql.id('kysely_migration');
  try {
    const { rows } = await sql<{ name: string }>`select name from ${table}`.execute(db);
    const done = new Set(rows.map((r) => r.name));
    return Object.keys(MIGRATIONS).every((name) => done.has(name));
  } catch {
    return false;
  }
}
