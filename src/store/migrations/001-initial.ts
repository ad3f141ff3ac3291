/**
 * The initial schema, one definition for both dialects. The only dialect-specific choice is how an
 * id column is generated (`idColumn`); times are epoch milliseconds in 64-bit integers.
 */
import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import type { Dialect } from './index.js';

type Table = CreateTableBuilder<string, never>;

function idColumn(dialect: Dialect) {
  return (col: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();
}

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const id = idColumn(dialect);
  const idType = dialect === 'postgres' ? 'bigint' : 'integer';
  const table = (name: string): Table => db.schema.createTable(name).ifNotExists() as Table;

  await table('logs')
    .addColumn('id', idType, id)
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('host', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('raw_level', 'text')
    .addColumn('user_name', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('attrs', 'text', (c) => c.notNull())
    .addColumn('template_id', 'bigint')
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('src_file', 'text', (c) => c.notNull())
    .addColumn('src_line', 'bigint', (c) => c.notNull())
    .addColumn('src_offset', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('logs_ts').ifNotExists().on('logs').column('ts').execute();
  await db.schema.createIndex('logs_service_ts').ifNotExists().on('logs').columns(['service', 'ts']).execute();
  await db.schema.createIndex('logs_template').ifNotExists().on('logs').columns(['template_id', 'ts']).execute();

  await table('rejects')
    .addColumn('id', idType, id)
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('src_file', 'text', (c) => c.notNull())
    .addColumn('src_line', 'bigint', (c) => c.notNull())
    .addColumn('src_offset', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await table('checkpoints')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('offset', 'bigint', (c) => c.notNull())
    .addColumn('line', 'bigint', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await table('templates')
    .addColumn('id', idType, id)
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('frozen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('custom', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('normal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('example', 'text', (c) => c.notNull())
    .execute();

  await table('template_volume')
    .addColumn('template_id', 'bigint', (c) => c.notNull())
    .addColumn('minute', 'bigint', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('template_volume_pk', ['template_id', 'minute'] as never[])
    .execute();

  await table('rules')
    .addColumn('id', idType, id)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .execute();

  await table('watermarks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('log_id', 'bigint', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .execute();

  await table('alerts')
    .addColumn('id', idType, id)
    .addColumn('fingerprint', 'text', (c) => c.notNull().unique())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'bigint')
    .addColumn('rule_name', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('service', 'text')
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('window_end', 'bigint', (c) => c.notNull())
    .addColumn('observed', 'double precision', (c) => c.notNull())
    .addColumn('threshold', 'double precision', (c) => c.notNull())
    .addColumn('score', 'double precision')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('factors', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'bigint')
    .addColumn('normal', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('alerts_window').ifNotExists().on('alerts').column('window_start').execute();
  await db.schema.createIndex('alerts_incident').ifNotExists().on('alerts').column('incident_id').execute();

  await table('incidents')
    .addColumn('id', idType, id)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('start_ts', 'bigint', (c) => c.notNull())
    .addColumn('end_ts', 'bigint', (c) => c.notNull())
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('template_ids', 'text', (c) => c.notNull())
    .addColumn('users', 'text', (c) => c.notNull())
    .addColumn('hosts', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .execute();

  await table('silences')
    .addColumn('id', idType, id)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('until', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();

  await table('users')
    .addColumn('id', idType, id)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await table('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull())
    .addColumn('csrf', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await table('api_tokens')
    .addColumn('id', idType, id)
    .addColumn('user_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();

  await table('deliveries')
    .addColumn('id', idType, id)
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'bigint')
    .addColumn('alert_id', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();

  await table('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await table('locks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}
