/**
 * Drop logs_template (template_id, ts): since 002, (template_id, id) serves a template's pages, and
 * a template's records in a time range are found as well through it or through logs_ts. Every
 * index is paid on every stored record: this one cost about 1 µs of ingest CPU per record on SQLite.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from './index.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.dropIndex('logs_template').ifExists().execute();
}
