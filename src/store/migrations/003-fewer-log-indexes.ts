/**
 * Two logs indexes that cost ingest more than they gave the API. Every index is paid on every
 * stored record, and an index on a column with many values is paid most: each batch touches a page
 * of it per distinct value, and SQLite writes every touched page again at commit.
 * Measured on 1,000,000 generated records (500 users, 35 templates), SQLite writer CPU per record:
 *
 * - logs_user_id (user_name, id): 4.5 µs of the 10 µs an append cost. Without it a page of one
 *   user's records is a backwards scan until the page fills: 3 ms for a common user, 100 ms for one
 *   with no records (at 1,000,000 records).
 * - logs_template (template_id, ts): about 1 µs. A template's pages use (template_id, id) (002);
 *   a template in a time window scans that template's records (25 ms at 1,000,000 records).
 */
import type { Kysely } from 'kysely';
import type { Dialect } from './index.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.dropIndex('logs_user_id').ifExists().execute();
  await db.schema.dropIndex('logs_template').ifExists().execute();
}
