/**
 * Templates the miner merged into another (two siblings became one template) keep their row, so
 * the lines that point at them stay explained, but say where they went: `merged_into` holds the
 * surviving template's key. Listings and the miner's restore leave merged rows out.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from './index.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('templates').addColumn('merged_into', 'text').execute();
}
