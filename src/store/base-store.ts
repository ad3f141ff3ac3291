/**
 * The part of the Store that is the same on every backend: typed Kysely queries. A backend
 * subclasses it and supplies the bulk write paths (appendBatch, template upserts and volume),
 * a cross-process lock, and the reads of the logs' block skip index (log-block-query.ts), where the
 * dialects differ most.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Alert, AlertDraft, AlertStatus, Incident, IncidentStatus, Rule, RuleDraft, StoredLog, Template } from '../domain/index.js';
import { LEVELS } from '../domain/index.js';
import type { Database } from './schema.js';
import {
  alertToRow, decodeCursor, encodeCursor, escapeLike, incidentToRow, json, parse, rowToAlert, rowToIncident, rowToLog, rowToRule, rowToTemplate,
} from './rows.js';
import type {
  AlertQuery, ApiToken, AppendBatch, AppendOutcome, Backend, Checkpoint, Delivery, LogPage, LogQuery, RejectRow, ScannedLog,
  ScanLogsOptions, Session, Silence, Store, TemplateUpsert, User,
} from './store.js';
import { countThroughBlocks, planLogQuery, planScan, queryThroughBlocks, windowIds, type BlockReads, type ScanPlan } from './log-block-query.js';

const num = (v: unknown) => Number(v);

export abstract class BaseStore implements Store {
  abstract readonly backend: Backend;
  abstract readonly location: string;
  abstract readonly appendsInFlight: number;

  constructor(protected readonly db: Kysely<Database>) {}

  abstract appendBatch(batch: AppendBatch): Promise<AppendOutcome>;
  abstract upsertTemplates(items: TemplateUpsert[]): Promise<number[]>;
  abstract addTemplateVolume(items: { templateId: number; minute: number; count: number }[]): Promise<void>;
  abstract withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  abstract close(): Promise<void>;
  /** The logs' block skip index, as this backend reads it. */
  protected abstract readonly blocks: BlockReads;

  /** Case-insensitive LIKE: `like` on SQLite (ASCII-insensitive), `ilike` on PostgreSQL. */
  protected get likeOp(): 'like' | 'ilike' {
    return this.backend === 'postgres' ? 'ilike' : 'like';
  }

  // ------------------------------------------------------------------ logs

  async getCheckpoint(key: string): Promise<Checkpoint | null> {
    const row = await this.db.selectFrom('checkpoints').selectAll().where('key', '=', key).executeTakeFirst();
    return row ? toCheckpoint(row) : null;
  }

  async listCheckpoints(): Promise<Checkpoint[]> {
    const rows = await this.db.selectFrom('checkpoints').selectAll().orderBy('updated_at', 'desc').execute();
    return rows.map(toCheckpoint);
  }

  /**
   * Pages walk the block skip index (log-block-query.ts): no per-row index but the primary key
   * exists. A list of ids is read directly. The pages are queryLogsByRows' pages.
   */
  async queryLogs(q: LogQuery): Promise<LogPage> {
    const plan = planLogQuery(q);
    return plan.kind === 'blocks' ? queryThroughBlocks(this.blocks, q, plan) : this.queryLogsByRows(q);
  }

  /** The query on the rows alone: a list of ids, and the reference the block walk is tested against. */
  protected async queryLogsByRows(q: LogQuery): Promise<LogPage> {
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 10_000);
    const order = q.order ?? 'desc';
    const after = decodeCursor(q.cursor);
    let query = this.db.selectFrom('logs').selectAll();
    if (q.service) query = query.where('service', '=', q.service);
    if (q.level) query = query.where('level', '=', q.level);
    if (q.minLevel) query = query.where('level', 'in', LEVELS.slice(LEVELS.indexOf(q.minLevel)));
    if (q.since != null) query = query.where('ts', '>=', q.since);
    if (q.until != null) query = query.where('ts', '<', q.until);
    if (q.templateId != null) query = query.where('template_id', '=', q.templateId);
    if (q.user) query = query.where('user_name', '=', q.user);
    if (q.host) query = query.where('host', '=', q.host);
    if (q.ids) query = query.where('id', 'in', q.ids.length ? q.ids : [-1]);
    if (q.grep) query = query.where(sql<boolean>`message ${sql.raw(this.likeOp)} ${`%${escapeLike(q.grep)}%`} escape '\\'`);
    if (after != null) query = query.where('id', order === 'desc' ? '<' : '>', after);
    const rows = await query.orderBy('id', order).limit(limit + 1).execute();
    const page = rows.slice(0, limit).map(rowToLog);
    const last = page[page.length - 1];
    return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }

  async getLogs(ids: number[]): Promise<StoredLog[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('logs').selectAll().where('id', 'in', ids).orderBy('id').execute();
    return rows.map(rowToLog);
  }

  /** From the blocks' counts: a service's blocks, or every row's for a time range alone; all rows from the level blocks. */
  async countLogs(q: Pick<LogQuery, 'service' | 'since' | 'until'> = {}): Promise<number> {
    if (q.service) return countThroughBlocks(this.blocks, q.service, q.since, q.until);
    if (q.since == null && q.until == null) return this.blocks.total();
    return countThroughBlocks(this.blocks, null, q.since, q.until);
  }

  /** Pages of records in id order, a time window's found through the blocks (log-block-query.ts). */
  scanLogs(opts: ScanLogsOptions & { fields: 'detect' }): AsyncIterable<ScannedLog[]>;
  scanLogs(opts: ScanLogsOptions): AsyncIterable<StoredLog[]>;
  async *scanLogs(opts: ScanLogsOptions): AsyncIterable<ScannedLog[]> {
    const plan = await planScan(this.blocks, opts);
    if (plan) yield* this.scanPages(plan, opts);
  }

  /** The plan's pages, `opts.batchSize` records each, with the fields `opts.fields` asks for. */
  /**
   * Run first in markTemplatesMerged's transaction. It updates two templates per merge, and appends
   * upsert templates in their own transactions: a backend whose writers do not exclude each other
   * must keep the two apart here (PostgreSQL: the append lock), or they deadlock.
   */
  protected async beforeTemplateMerge(_trx: Transaction<Database>): Promise<void> {}

  protected abstract scanPages(plan: ScanPlan, opts: ScanLogsOptions): AsyncIterable<ScannedLog[]>;

  async maxLogId(): Promise<number> {
    const row = await this.db.selectFrom('logs').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
    return num(row?.m ?? 0);
  }

  async listRejects(opts: { limit?: number } = {}): Promise<RejectRow[]> {
    const rows = await this.db.selectFrom('rejects').selectAll().orderBy('id', 'desc').limit(opts.limit ?? 100).execute();
    return rows.map((r) => ({
      id: num(r.id), reason: r.reason, raw: r.raw, createdAt: num(r.created_at),
      source: { file: r.src_file, line: num(r.src_line), offset: num(r.src_offset) },
    }));
  }

  async countRejects(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('rejects').select(['reason', (eb) => eb.fn.countAll().as('n')]).groupBy('reason').execute();
    return Object.fromEntries(rows.map((r) => [r.reason, num(r.n)]));
  }

  /** Each service's count and time range, from the service blocks. */
  async services() {
    return this.blocks.summaries();
  }

  async volume(opts: { since?: number; until?: number; bucketMs: number; service?: string }) {
    const bucketMs = Math.max(1, Math.floor(opts.bucketMs));
    const bucket = sql<number>`(ts / ${sql.lit(bucketMs)}) * ${sql.lit(bucketMs)}`;
    let query = this.db
      .selectFrom('logs')
      .select([
        'service',
        bucket.as('bucket'),
        (eb) => eb.fn.countAll().as('n'),
        sql<number>`sum(case when level in ('ERROR', 'FATAL') then 1 else 0 end)`.as('errors'),
      ]);
    if (opts.service) query = query.where('service', '=', opts.service);
    if (opts.since != null) query = query.where('ts', '>=', opts.since);
    if (opts.until != null) query = query.where('ts', '<', opts.until);
    if (opts.service || opts.since != null || opts.until != null) {
      // Only the ids whose blocks can hold the service or the window (no per-row index on either).
      const ids = await windowIds(this.blocks, opts.service || null, opts.since, opts.until);
      if (!ids) return [];
      query = query.where('id', '>=', ids.lo).where('id', '<=', ids.hi);
    }
    const rows = await query.groupBy(['service', sql`2`]).orderBy(sql`2`).execute();
    return rows.map((r) => ({ service: r.service, bucket: num(r.bucket), count: num(r.n), errors: num(r.errors) }));
  }

  // ------------------------------------------------------------------ templates

  async listTemplates(opts: { service?: string; limit?: number; order?: 'count' | 'newest'; merged?: boolean } = {}): Promise<Template[]> {
    let query = this.db.selectFrom('templates').selectAll();
    if (!opts.merged) query = query.where('merged_into', 'is', null);
    if (opts.service) query = query.where('service', '=', opts.service);
    query = opts.order === 'newest' ? query.orderBy('first_seen', 'desc') : query.orderBy('count', 'desc');
    const rows = await query.orderBy('id').limit(opts.limit ?? 100_000).execute();
    return rows.map(rowToTemplate);
  }

  /**
   * Each merged template's count and first/last seen fold into the survivor, once: the row is
   * marked and read in one statement (`returning`), so two processes never fold it twice.
   */
  async markTemplatesMerged(items: { key: string; into: string }[]): Promise<void> {
    if (items.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      await this.beforeTemplateMerge(trx);
      for (const { key, into } of items) {
        const gone = await trx.updateTable('templates').set({ merged_into: into }).where('key', '=', key).where('merged_into', 'is', null)
          .returning(['count', 'first_seen', 'last_seen']).executeTakeFirst();
        if (!gone) continue;
        await trx
          .updateTable('templates')
          .set((eb) => ({
            count: eb('count', '+', num(gone.count)),
            first_seen: sql<number>`case when first_seen < ${num(gone.first_seen)} then first_seen else ${num(gone.first_seen)} end`,
            last_seen: sql<number>`case when last_seen > ${num(gone.last_seen)} then last_seen else ${num(gone.last_seen)} end`,
          }))
          .where('key', '=', into)
          .execute();
      }
    });
  }

  async getTemplate(id: number): Promise<Template | null> {
    const row = await this.db.selectFrom('templates').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToTemplate(row) : null;
  }

  async getTemplates(ids: number[]): Promise<Template[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('templates').selectAll().where('id', 'in', ids).execute();
    return rows.map(rowToTemplate);
  }

  async updateTemplate(id: number, patch: Partial<Pick<Template, 'name' | 'frozen' | 'normal' | 'text' | 'custom'>>): Promise<Template | null> {
    const row: Record<string, unknown> = {};
    if (patch.name !== undefined) row.name = patch.name;
    if (patch.text !== undefined) row.text = patch.text;
    if (patch.frozen !== undefined) row.frozen = patch.frozen ? 1 : 0;
    if (patch.normal !== undefined) row.normal = patch.normal ? 1 : 0;
    if (patch.custom !== undefined) row.custom = patch.custom ? 1 : 0;
    if (Object.keys(row).length) await this.db.updateTable('templates').set(row).where('id', '=', id).execute();
    return this.getTemplate(id);
  }

  async templateVolume(id: number, opts: { since?: number; until?: number } = {}) {
    let query = this.db.selectFrom('template_volume').select(['minute', 'count']).where('template_id', '=', id);
    if (opts.since != null) query = query.where('minute', '>=', opts.since);
    if (opts.until != null) query = query.where('minute', '<', opts.until);
    const rows = await query.orderBy('minute').execute();
    return rows.map((r) => ({ minute: num(r.minute), count: num(r.count) }));
  }

  // ------------------------------------------------------------------ rules

  async listRules(opts: { enabledOnly?: boolean } = {}): Promise<Rule[]> {
    let query = this.db.selectFrom('rules').selectAll();
    if (opts.enabledOnly) query = query.where('enabled', '=', 1);
    return (await query.orderBy('id').execute()).map(rowToRule);
  }

  async getRule(idOrName: number | string): Promise<Rule | null> {
    const query = this.db.selectFrom('rules').selectAll();
    const row = await (typeof idOrName === 'number' ? query.where('id', '=', idOrName) : query.where('name', '=', idOrName)).executeTakeFirst();
    return row ? rowToRule(row) : null;
  }

  async createRule(rule: RuleDraft): Promise<Rule> {
    const row = await this.db
      .insertInto('rules')
      .values({
        name: rule.name, type: rule.type, params: json(rule.params), severity: rule.severity,
        enabled: rule.enabled ? 1 : 0, scope: json(rule.scope ?? {}), description: rule.description ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return rowToRule(row);
  }

  async updateRule(id: number, patch: Partial<RuleDraft>): Promise<Rule | null> {
    const row: Record<string, unknown> = {};
    if (patch.name !== undefined) row.name = patch.name;
    if (patch.type !== undefined) row.type = patch.type;
    if (patch.params !== undefined) row.params = json(patch.params);
    if (patch.severity !== undefined) row.severity = patch.severity;
    if (patch.enabled !== undefined) row.enabled = patch.enabled ? 1 : 0;
    if (patch.scope !== undefined) row.scope = json(patch.scope);
    if (patch.description !== undefined) row.description = patch.description ?? null;
    if (Object.keys(row).length) await this.db.updateTable('rules').set(row).where('id', '=', id).execute();
    return this.getRule(id);
  }

  async deleteRule(id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('rules').where('id', '=', id).executeTakeFirst();
    return num(r.numDeletedRows) > 0;
  }

  // ------------------------------------------------------------------ watermarks & alerts

  async getWatermark(name: string) {
    const row = await this.db.selectFrom('watermarks').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? { logId: num(row.log_id), ts: num(row.ts) } : null;
  }

  async setWatermark(name: string, mark: { logId: number; ts: number }): Promise<void> {
    await this.db
      .insertInto('watermarks')
      .values({ name, log_id: mark.logId, ts: mark.ts })
      .onConflict((oc) => oc.column('name').doUpdateSet({ log_id: mark.logId, ts: mark.ts }))
      .execute();
  }

  async insertAlerts(drafts: AlertDraft[]): Promise<Alert[]> {
    if (drafts.length === 0) return [];
    const now = Date.now();
    const out: Alert[] = [];
    for (let i = 0; i < drafts.length; i += 200) {
      const rows = await this.db
        .insertInto('alerts')
        .values(drafts.slice(i, i + 200).map((d) => alertToRow(d, now)))
        .onConflict((oc) => oc.column('fingerprint').doNothing())
        .returningAll()
        .execute();
      out.push(...rows.map(rowToAlert));
    }
    return out.sort((a, b) => a.id - b.id);
  }

  async listAlerts(q: AlertQuery = {}) {
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 10_000);
    let query = this.db.selectFrom('alerts').selectAll();
    if (q.since != null) query = query.where('window_end', '>=', q.since);
    if (q.until != null) query = query.where('window_start', '<', q.until);
    if (q.severity) query = query.where('severity', '=', q.severity);
    if (q.rule) query = query.where('rule_name', '=', q.rule);
    if (q.status) query = query.where('status', '=', q.status);
    if (q.source) query = query.where('source', '=', q.source);
    if (q.service) query = query.where('service', '=', q.service);
    if (q.incidentId != null) query = query.where('incident_id', '=', q.incidentId);
    const after = decodeCursor(q.cursor);
    if (after != null) query = query.where('id', '<', after);
    const rows = await query.orderBy('id', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit).map(rowToAlert);
    const last = page[page.length - 1];
    return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }

  async getAlert(id: number): Promise<Alert | null> {
    const row = await this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToAlert(row) : null;
  }

  async setAlertStatus(id: number, status: AlertStatus): Promise<Alert | null> {
    await this.db.updateTable('alerts').set({ status }).where('id', '=', id).execute();
    return this.getAlert(id);
  }

  async setAlertIncident(alertIds: number[], incidentId: number): Promise<void> {
    if (alertIds.length === 0) return;
    await this.db.updateTable('alerts').set({ incident_id: incidentId }).where('id', 'in', alertIds).execute();
  }

  // ------------------------------------------------------------------ incidents

  async createIncident(incident: Omit<Incident, 'id'>): Promise<Incident> {
    const row = await this.db
      .insertInto('incidents')
      .values(incidentToRow(incident) as Required<ReturnType<typeof incidentToRow>>)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (incident.members.length) await this.setAlertIncident(incident.members, num(row.id));
    return rowToIncident(row, [...incident.members].sort((a, b) => a - b));
  }

  async updateIncident(id: number, patch: Partial<Omit<Incident, 'id'>>): Promise<Incident | null> {
    const row = incidentToRow(patch);
    if (Object.keys(row).length) await this.db.updateTable('incidents').set(row).where('id', '=', id).execute();
    if (patch.members?.length) await this.setAlertIncident(patch.members, id);
    return this.getIncident(id);
  }

  async getIncident(id: number): Promise<Incident | null> {
    const row = await this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    return rowToIncident(row, (await this.membersOf([id])).get(id) ?? []);
  }

  async listIncidents(opts: { status?: IncidentStatus; since?: number; limit?: number; cursor?: string } = {}) {
    const limit = Math.min(Math.max(opts.limit ?? 100, 1), 10_000);
    let query = this.db.selectFrom('incidents').selectAll();
    if (opts.status) query = query.where('status', '=', opts.status);
    if (opts.since != null) query = query.where('end_ts', '>=', opts.since);
    const after = decodeCursor(opts.cursor);
    if (after != null) query = query.where('id', '<', after);
    const rows = await query.orderBy('id', 'desc').limit(limit + 1).execute();
    const pageRows = rows.slice(0, limit);
    const members = await this.membersOf(pageRows.map((r) => num(r.id)));
    const page = pageRows.map((r) => rowToIncident(r, members.get(num(r.id)) ?? []));
    const last = page[page.length - 1];
    return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }

  private async membersOf(incidentIds: number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    if (incidentIds.length === 0) return out;
    const rows = await this.db.selectFrom('alerts').select(['id', 'incident_id']).where('incident_id', 'in', incidentIds).orderBy('id').execute();
    for (const r of rows) {
      const key = num(r.incident_id);
      const list = out.get(key) ?? [];
      list.push(num(r.id));
      out.set(key, list);
    }
    return out;
  }

  // ------------------------------------------------------------------ feedback

  async addSilence(s: Omit<Silence, 'id' | 'createdAt'>): Promise<Silence> {
    const row = await this.db
      .insertInto('silences')
      .values({ kind: s.target.kind, value: s.target.value, until: s.until, reason: s.reason, created_at: Date.now(), created_by: s.createdBy })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSilence(row);
  }

  async listSilences(opts: { activeAt?: number } = {}): Promise<Silence[]> {
    let query = this.db.selectFrom('silences').selectAll();
    if (opts.activeAt != null) query = query.where('until', '>', opts.activeAt);
    return (await query.orderBy('id').execute()).map(toSilence);
  }

  async deleteSilence(id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('silences').where('id', '=', id).executeTakeFirst();
    return num(r.numDeletedRows) > 0;
  }

  async markAlertNormal(alertId: number, normal: boolean): Promise<void> {
    await this.db.updateTable('alerts').set({ normal: normal ? 1 : 0 }).where('id', '=', alertId).execute();
  }

  async listNormalAlerts(): Promise<number[]> {
    const rows = await this.db.selectFrom('alerts').select('id').where('normal', '=', 1).orderBy('id').execute();
    return rows.map((r) => num(r.id));
  }

  // ------------------------------------------------------------------ users & auth

  async createUser(u: Omit<User, 'id' | 'createdAt'>): Promise<User> {
    const row = await this.db
      .insertInto('users')
      .values({ name: u.name, role: u.role, password_hash: u.passwordHash, created_at: Date.now() })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  }

  async getUserByName(name: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async getUser(id: number): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<User[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('id').execute()).map(toUser);
  }

  async updateUser(id: number, patch: Partial<Pick<User, 'role' | 'passwordHash'>>): Promise<User | null> {
    const row: Record<string, unknown> = {};
    if (patch.role) row.role = patch.role;
    if (patch.passwordHash) row.password_hash = patch.passwordHash;
    if (Object.keys(row).length) await this.db.updateTable('users').set(row).where('id', '=', id).execute();
    return this.getUser(id);
  }

  async deleteUser(id: number): Promise<boolean> {
    await this.db.deleteFrom('sessions').where('user_id', '=', id).execute();
    await this.db.deleteFrom('api_tokens').where('user_id', '=', id).execute();
    const r = await this.db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return num(r.numDeletedRows) > 0;
  }

  async createSession(s: Session): Promise<void> {
    await this.db.insertInto('sessions').values({ id: s.id, user_id: s.userId, csrf: s.csrf, expires_at: s.expiresAt }).execute();
  }

  async getSession(id: string): Promise<Session | null> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { id: row.id, userId: num(row.user_id), csrf: row.csrf, expiresAt: num(row.expires_at) } : null;
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async createApiToken(t: Omit<ApiToken, 'id' | 'createdAt' | 'lastUsedAt'>): Promise<ApiToken> {
    const row = await this.db
      .insertInto('api_tokens')
      .values({ user_id: t.userId, name: t.name, token_hash: t.tokenHash, created_at: Date.now(), last_used_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toToken(row);
  }

  async findApiToken(tokenHash: string): Promise<ApiToken | null> {
    const row = await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    if (!row) return null;
    await this.db.updateTable('api_tokens').set({ last_used_at: Date.now() }).where('id', '=', row.id).execute();
    return toToken(row);
  }

  async listApiTokens(userId?: number): Promise<ApiToken[]> {
    let query = this.db.selectFrom('api_tokens').selectAll();
    if (userId != null) query = query.where('user_id', '=', userId);
    return (await query.orderBy('id').execute()).map(toToken);
  }

  async deleteApiToken(id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('api_tokens').where('id', '=', id).executeTakeFirst();
    return num(r.numDeletedRows) > 0;
  }

  // ------------------------------------------------------------------ notifications

  async createDelivery(d: Omit<Delivery, 'id' | 'createdAt'>): Promise<Delivery> {
    const row = await this.db
      .insertInto('deliveries')
      .values({
        channel: d.channel, incident_id: d.incidentId, alert_id: d.alertId, status: d.status, attempts: d.attempts,
        last_error: d.lastError, next_attempt_at: d.nextAttemptAt, created_at: Date.now(), sent_at: d.sentAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toDelivery(row);
  }

  async updateDelivery(id: number, patch: Partial<Omit<Delivery, 'id' | 'createdAt'>>): Promise<void> {
    const row: Record<string, unknown> = {};
    if (patch.status !== undefined) row.status = patch.status;
    if (patch.attempts !== undefined) row.attempts = patch.attempts;
    if (patch.lastError !== undefined) row.last_error = patch.lastError;
    if (patch.nextAttemptAt !== undefined) row.next_attempt_at = patch.nextAttemptAt;
    if (patch.sentAt !== undefined) row.sent_at = patch.sentAt;
    if (patch.channel !== undefined) row.channel = patch.channel;
    if (Object.keys(row).length) await this.db.updateTable('deliveries').set(row).where('id', '=', id).execute();
  }

  async listDeliveries(opts: { status?: Delivery['status']; limit?: number; incidentId?: number } = {}): Promise<Delivery[]> {
    let query = this.db.selectFrom('deliveries').selectAll();
    if (opts.status) query = query.where('status', '=', opts.status);
    if (opts.incidentId != null) query = query.where('incident_id', '=', opts.incidentId);
    return (await query.orderBy('id', 'desc').limit(opts.limit ?? 100).execute()).map(toDelivery);
  }

  async lastDelivery(channel: string, incidentId: number): Promise<Delivery | null> {
    const row = await this.db
      .selectFrom('deliveries').selectAll()
      .where('channel', '=', channel).where('incident_id', '=', incidentId).where('status', '=', 'sent')
      .orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row ? toDelivery(row) : null;
  }

  // ------------------------------------------------------------------ settings

  async getSetting<T = unknown>(key: string): Promise<T | null> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row ? parse<T | null>(row.value, null) : null;
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    const text = json(value);
    await this.db.insertInto('settings').values({ key, value: text }).onConflict((oc) => oc.column('key').doUpdateSet({ value: text })).execute();
  }
}

type Row<K extends keyof Database> = { [C in keyof Database[K]]: unknown };

function toCheckpoint(r: Row<'checkpoints'>): Checkpoint {
  return { key: String(r.key), path: String(r.path), offset: num(r.offset), line: num(r.line), size: num(r.size), updatedAt: num(r.updated_at) };
}

function toSilence(r: Row<'silences'>): Silence {
  return {
    id: num(r.id), target: { kind: r.kind as Silence['target']['kind'], value: String(r.value) }, until: num(r.until),
    reason: String(r.reason), createdAt: num(r.created_at), createdBy: r.created_by == null ? null : String(r.created_by),
  };
}

function toUser(r: Row<'users'>): User {
  return { id: num(r.id), name: String(r.name), role: r.role as User['role'], passwordHash: String(r.password_hash), createdAt: num(r.created_at) };
}

function toToken(r: Row<'api_tokens'>): ApiToken {
  return {
    id: num(r.id), userId: num(r.user_id), name: String(r.name), tokenHash: String(r.token_hash),
    createdAt: num(r.created_at), lastUsedAt: r.last_used_at == null ? null : num(r.last_used_at),
  };
}

function toDelivery(r: Row<'deliveries'>): Delivery {
  return {
    id: num(r.id), channel: String(r.channel), incidentId: r.incident_id == null ? null : num(r.incident_id),
    alertId: r.alert_id == null ? null : num(r.alert_id), status: r.status as Delivery['status'], attempts: num(r.attempts),
    lastError: r.last_error == null ? null : String(r.last_error), nextAttemptAt: r.next_attempt_at == null ? null : num(r.next_attempt_at),
    createdAt: num(r.created_at), sentAt: r.sent_at == null ? null : num(r.sent_at),
  };
}
