/**
 * Migration 007 on a PostgreSQL schema made by the previous release (001–006, with 005's
 * (template_id) and (service, level) indexes and rows in them): the indexes go, the backfilled
 * blocks describe every row, and the store answers as the row-scanning queries do, before and after
 * new appends. Runs where the PostgreSQL contract tests run (see ../testing/backends.ts).
 */
import { Kysely, Migrator, PostgresDialect, type Migration } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { LEVELS } from '../../domain/index.js';
import { createPrng } from '../../detect/ml/prng.js';
import { BLOCK_SPAN } from '../log-blocks.js';
import { clientConfig } from '../postgres/connection.js';
import { PostgresStore } from '../postgres/store.js';
import { parsePgUrl } from '../postgres/url.js';
import { BACKENDS } from '../testing/backends.js';
import { expectMigratedAnswers } from '../testing/migrated.js';
import { T0 } from '../testing/fixtures.js';
import * as m001 from './001-initial.js';
import * as m002 from './002-log-query-indexes.js';
import * as m003 from './003-fewer-log-indexes.js';
import * as m004 from './004-template-merged-into.js';
import * as m005 from './005-postgres-log-indexes.js';
import * as m006 from './006-sqlite-log-blocks.js';

const OLD = {
  '001-initial': m001, '002-log-query-indexes': m002, '003-fewer-log-indexes': m003, '004-template-merged-into': m004,
  '005-postgres-log-indexes': m005, '006-sqlite-log-blocks': m006,
};
const ROWS = 2 * BLOCK_SPAN + 1234;

/** A schema as the previous release left it: migrations 001–006 and ROWS logs rows. Returns its logs indexes. */
async function oldSchema(url: string): Promise<string[]> {
  const parsed = parsePgUrl(url);
  if (parsed.kind !== 'ok') throw new Error(parsed.reason);
  const pool = new pg.Pool(clientConfig(parsed.location));
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  try {
    const migrations: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(OLD)) migrations[name] = { up: (k) => m.up(k, 'postgres') };
    const provider = { getMigrations: async () => migrations };
    const { error } = await new Migrator({ db, provider, migrationTableSchema: parsed.location.schema! }).migrateToLatest();
    if (error) throw error;
    const r = createPrng(7);
    const cols: unknown[][] = [[], [], [], [], [], []];
    for (let i = 1; i <= ROWS; i++) {
      const service = r.next() < 0.001 ? 'rare' : ['api', 'db', 'web'][r.int(3)]!;
      [T0 + i * 10 - r.int(50), service, LEVELS[r.int(6)], `old ${i}`, r.next() < 0.2 ? null : r.int(4), i].forEach((v, c) => cols[c]!.push(v));
    }
    await pool.query(
      `insert into logs (ts, service, level, message, attrs, template_id, params, src_file, src_line, src_offset)
       select ts, service, level, message, '{}', template_id, '[]', 'old.log', line, line * 10
       from unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::int8[]) as u(ts, service, level, message, template_id, line)
       order by line`,
      cols,
    );
    return await logsIndexes(pool);
  } finally {
    await db.destroy();
  }
}

async function logsIndexes(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `select indexname as name from pg_indexes where tablename = 'logs' and schemaname = current_schema() order by 1`,
  );
  return rows.map((r) => r.name);
}

type BlockRow = { kind: string; key: string; first_id: number; last_id: number; n: number };

for (const backend of BACKENDS.filter((b) => b.name === 'postgres')) describe('migration 007 on an existing PostgreSQL schema', () => {
  afterAll(() => backend.cleanup());

  it('drops the two key indexes, backfills blocks for every row, and answers as before, also after new appends', async () => {
    const url = await backend.freshLocation();
    expect(await oldSchema(url)).toEqual(['logs_pkey', 'logs_service_level', 'logs_template_only', 'logs_ts']);
    const store = await PostgresStore.open(url);
    try {
      const pool = store['pool'];
      expect(await logsIndexes(pool)).toEqual(['logs_pkey']); // logs_ts too, in 008
      const blocks = (await pool.query<BlockRow>(`select kind, key, first_id, last_id, n from log_block_keys order by kind, key, first_id`)).rows;
      const withTemplate = Number((await pool.query(`select count(*) as n from logs where template_id is not null`)).rows[0].n);
      const sum = (kind: string) => blocks.filter((b) => b.kind === kind).reduce((s, b) => s + b.n, 0);
      expect([sum('s'), sum('sl'), sum('l'), sum('t'), sum('a')]).toEqual([ROWS, ROWS, ROWS, withTemplate, ROWS]);
      expect(blocks.filter((b) => b.kind === 'a')).toHaveLength(3);
      for (const b of blocks) expect(Math.floor((b.first_id - 1) / BLOCK_SPAN), `${b.kind} ${b.key}`).toBe(Math.floor((b.last_id - 1) / BLOCK_SPAN));
      expect(blocks.filter((b) => b.kind === 's' && b.key === 'api')).toHaveLength(3);
      expect(blocks.filter((b) => b.kind === 'sl' && b.key === 'db\u001fERROR')).toHaveLength(3);

      await expectMigratedAnswers(store, ROWS);
    } finally {
      await store.close();
    }
  });
});
