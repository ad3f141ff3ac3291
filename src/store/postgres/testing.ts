/**
 * Throwaway schemas for tests: each test store lives in its own `lt_test_<random>` schema of the
 * test database, so parallel runs never see each other's rows, and the schemas are dropped after.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { parsePgUrl, withSchema } from './url.js';

export const TEST_SCHEMA_PREFIX = 'lt_test_';

/** Create a fresh, empty schema and return `baseUrl` selecting it. */
export async function createTestSchema(baseUrl: string): Promise<string> {
  const schema = `${TEST_SCHEMA_PREFIX}${randomBytes(6).toString('hex')}`;
  await withClient(baseUrl, (client) => client.query(`create schema ${schema}`));
  return withSchema(baseUrl, schema);
}

/** Drop the schemas selected by `urls` (made by createTestSchema) with everything in them. */
export async function dropTestSchemas(urls: readonly string[]): Promise<void> {
  const schemas = urls.map(schemaOf).filter((s): s is string => s !== null && s.startsWith(TEST_SCHEMA_PREFIX));
  if (schemas.length === 0) return;
  await withClient(urls[0]!, (client) => client.query(`drop schema if exists ${schemas.join(', ')} cascade`));
}

/**
 * Delete every row of the store in `url`'s schema, keeping its tables (Kysely's bookkeeping
 * included): far cheaper than creating and migrating a fresh schema for each test.
 */
export async function emptyTestSchema(url: string): Promise<void> {
  const schema = schemaOf(url);
  if (!schema?.startsWith(TEST_SCHEMA_PREFIX)) throw new Error(`refusing to empty "${schema}": not a test schema`);
  await withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      `select table_name as name from information_schema.tables
       where table_schema = $1 and table_type = 'BASE TABLE' and table_name not like 'kysely\_%'`,
      [schema],
    );
    await client.query(rows.map((r) => `delete from ${schema}."${r.name}";`).join('\n'));
  });
}

/** True when a PostgreSQL server accepts a connection at `url` within `timeoutMs`. */
export async function postgresAnswers(url: string, timeoutMs = 2000): Promise<boolean> {
  try {
    await withClient(url, (client) => client.query('select 1'), timeoutMs);
    return true;
  } catch {
    return false;
  }
}

function schemaOf(url: string): string | null {
  const parsed = parsePgUrl(url);
  return parsed.kind === 'ok' ? parsed.location.schema : null;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>, connectionTimeoutMillis = 10_000): Promise<T> {
  const parsed = parsePgUrl(url);
  if (parsed.kind === 'invalid') throw new Error(parsed.reason);
  const client = new pg.Client({ connectionString: parsed.location.connectionString, connectionTimeoutMillis });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
