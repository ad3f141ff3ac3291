/**
 * Versioned migrations for every backend. Each migration is one schema definition written with
 * Kysely's schema builder; it receives the dialect only for the few choices that must differ.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './001-initial.js';
import * as logQueryIndexes from './002-log-query-indexes.js';

export type Dialect = 'sqlite' | 'postgres';

interface DialectMigration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

const MIGRATIONS: Record<string, DialectMigration> = {
  '001-initial': initial,
  '002-log-query-indexes': logQueryIndexes,
};

export interface MigrateOptions {
  /**
   * PostgreSQL: the schema holding the store (created if missing). Kysely's bookkeeping tables go
   * there too; left unset, Kysely would find another schema's bookkeeping and skip this one.
   */
  schema?: string;
}

export async function migrate(db: Kysely<unknown>, dialect: Dialect, opts: MigrateOptions = {}): Promise<void> {
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
