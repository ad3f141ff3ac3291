/**
 * Migration 006 on a database made by the previous schema (001–005, with the three per-row logs
 * indexes and rows in them): the indexes go, the backfilled blocks describe every row, and the
 * store answers as the row-scanning queries do, before and after new appends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { LEVELS } from '../../domain/index.js';
import { createPrng } from '../../detect/ml/prng.js';
import { BLOCK_SPAN } from '../log-blocks.js';
import { SqliteStore } from '../sqlite/store.js';
import { expectMigratedAnswers } from '../testing/migrated.js';
import { T0 } from '../testing/fixtures.js';
import * as m001 from './001-initial.js';
import * as m002 from './002-log-query-indexes.js';
import * as m003 from './003-fewer-log-indexes.js';
import * as m004 from './004-template-merged-into.js';
import * as m005 from './005-postgres-log-indexes.js';

const dir = mkdtempSync(join(tmpdir(), 'logtrack-m006-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OLD = { '001-initial': m001, '002-log-query-indexes': m002, '003-fewer-log-indexes': m003, '004-template-merged-into': m004, '005-postgres-log-indexes': m005 };
const ROWS = 2 * BLOCK_SPAN + 1234;

/** A database as the previous release left it: migrations 001–005 and ROWS logs rows. */
async function oldDatabase(file: string): Promise<void> {
  const raw = new BetterSqlite3(file);
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    const migrations: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(OLD)) migrations[name] = { up: (k) => m.up(k, 'sqlite') };
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
    if (error) throw error;
    const r = createPrng(6);
    const insert = raw.prepare(
      `insert into logs (ts, service, level, message, attrs, template_id, params, src_file, src_line, src_offset) values (?, ?, ?, ?, '{}', ?, '[]', 'old.log', ?, ?)`,
    );
    raw.transaction(() => {
      for (let i = 1; i <= ROWS; i++) {
        const service = r.next() < 0.001 ? 'rare' : ['api', 'db', 'web'][r.int(3)]!;
        insert.run(T0 + i * 10 - r.int(50), service, LEVELS[r.int(6)], `old ${i}`, r.next() < 0.2 ? null : r.int(4), i, i * 10);
      }
    })();
  } finally {
    await db.destroy();
  }
}

const indexes = (file: string): string[] => {
  const raw = new BetterSqlite3(file, { readonly: true });
  try {
    return raw.prepare(`select name from sqlite_master where type = 'index' and tbl_name = 'logs' and sql is not null order by name`).pluck().all() as string[];
  } finally {
    raw.close();
  }
};

type BlockRow = { kind: string; key: string; first_id: number; last_id: number; n: number };

describe('migration 006 on an existing SQLite database', () => {
  it('drops the three key indexes, backfills blocks for every row, and answers as before, also after new appends', async () => {
    const file = join(dir, 'old.db');
    await oldDatabase(file);
    expect(indexes(file)).toEqual(['logs_service_level_id', 'logs_service_ts', 'logs_template_id', 'logs_ts']);

    const store = await SqliteStore.open(file);
    try {
      expect(indexes(file)).toEqual([]); // logs_ts too, in 008
      const raw = new BetterSqlite3(file, { readonly: true });
      const blocks = raw.prepare(`select kind, key, first_id, last_id, n from log_block_keys order by kind, key, first_id`).all() as BlockRow[];
      const withTemplate = raw.prepare(`select count(*) from logs where template_id is not null`).pluck().get() as number;
      raw.close();
      const sum = (kind: string) => blocks.filter((b) => b.kind === kind).reduce((s, b) => s + b.n, 0);
      expect([sum('s'), sum('sl'), sum('l'), sum('t'), sum('a')]).toEqual([ROWS, ROWS, ROWS, withTemplate, ROWS]);
      expect(blocks.filter((b) => b.kind === 'a')).toHaveLength(3);
      for (const b of blocks) expect(Math.floor((b.first_id - 1) / BLOCK_SPAN), `${b.kind} ${b.key}`).toBe(Math.floor((b.last_id - 1) / BLOCK_SPAN));
      expect(blocks.filter((b) => b.kind === 's' && b.key === 'api')).toHaveLength(3);
      expect(blocks.filter((b) => b.kind === 't').map((b) => b.key)).not.toContain(null);

      await expectMigratedAnswers(store, ROWS);
    } finally {
      await store.close();
    }
  });
});
