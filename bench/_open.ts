import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { createTestSchema, dropTestSchemas } from '../src/store/postgres/testing.js';
import { PostgresStore } from '../src/store/postgres/store.js';
const urls: string[] = [];
for (let i = 0; i < 4; i++) {
  const url = await createTestSchema('postgres://postgres@127.0.0.1:5432/test'); urls.push(url);
  const schema = new URL(url).searchParams.get('schema')!;
  const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', options: `-c search_path=${schema}` });
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  let t = performance.now();
  await db.introspection.getTables({ withInternalKyselyTables: true });
  const intro = performance.now() - t; t = performance.now();
  await db.destroy();
  const s = await PostgresStore.open(url);
  const open = performance.now() - t; t = performance.now();
  await s.close();
  const s2 = await PostgresStore.open(url);
  const reopen = performance.now() - t;
  await s2.close();
  console.log({ intro, open, reopen });
}
await dropTestSchemas(urls);
