/**
 * The store port. Every backend (sqlite/, postgres/) implements this interface; callers
 * (ingest, detection, the CLI, the server) only ever see it. All methods are async so a
 * networked backend slots in without touching callers.
 */
import type {
  Alert,
  AlertDraft,
  AlertSource,
  AlertStatus,
  Incident,
  IncidentStatus,
  Level,
  LogRecord,
  Reject,
  Rule,
  RuleDraft,
  Severity,
  StoredLog,
  Template,
} from '../domain/index.js';

export type Backend = 'sqlite' | 'postgres';

// ---------------------------------------------------------------- logs

export interface ScanLogsOptions {
  afterId?: number;
  since?: number;
  until?: number;
  batchSize?: number;
  /** `all` (default): whole records; `detect`: only the fields of ScannedLog. */
  fields?: 'all' | 'detect';
}

/** A stored record without the fields detection never reads: the miner's parameters, the source position and the raw level. */
export type ScannedLog = Omit<StoredLog, 'params' | 'source' | 'rawLevel'>;

/** A record ready to store: the miner's template and parameters attached. */
export interface LogRow extends LogRecord {
  templateId: number | null;
  /** The row's template as an index into its batch's `templates`; the store resolves it to an id. */
  templateRef?: number;
  params: string[];
}

/** A template a batch's rows use, stored in the batch's transaction: upserted, and its volume added. */
export interface TemplateTouch extends TemplateUpsert {
  /** Records per minute (minute start in epoch ms) to add. */
  volume: { minute: number; count: number }[];
}

/** Where an input stopped: identity of the file and the byte just after the last stored record. */
export interface AppendBatch {
  rows: LogRow[];
  rejects: Reject[];
  /**
   * Templates of this batch's rows, written in the same transaction as the rows (so a batch carries
   * everything it needs and the caller never waits on the store for ids); rows refer to them by
   * `templateRef`. The outcome returns their ids in this order.
   */
  templates?: TemplateTouch[];
  checkpoint?: Checkpoint;
  /** The checkpoint offset this batch continues from. */
  expectOffset?: number;
}

export type AppendOutcome =
  | { kind: 'stored'; ids: number[]; templateIds: number[] }
  | { kind: 'conflict'; current: Checkpoint | null };

export interface Checkpoint {
  /** File identity (content fingerprint), stable across renames. */
  key: string;
  path: string;
  offset: number;
  /** Number of lines consumed up to `offset`. */
  line: number;
  size: number;
  updatedAt: number;
}

export interface LogQuery {
  service?: string;
  level?: Level;
  /** Minimum level (this level and worse). */
  minLevel?: Level;
  since?: number;
  until?: number;
  /** Case-insensitive substring match on the message. */
  grep?: string;
  templateId?: number;
  user?: string;
  host?: string;
  ids?: number[];
  limit?: number;
  /** Opaque cursor from a previous page; pages go newest first unless `order` is 'asc'. */
  cursor?: string;
  order?: 'asc' | 'desc';
}

export interface LogPage {
  rows: StoredLog[];
  nextCursor: string | null;
}

export interface RejectRow extends Reject {
  id: number;
  createdAt: number;
}

export interface LogStore {
  /**
   * Store one batch atomically: the rows, the rejects and the checkpoint commit together or not
   * at all, so a run killed at any moment and re-run stores every line exactly once.
   * With a checkpoint, the write is a compare-and-swap: it happens only when the stored offset for
   * `checkpoint.key` still equals `expectOffset` (0 when none is stored); otherwise nothing is written
   * and the current checkpoint comes back, so two processes ingesting one file never duplicate a line.
   * Batches are applied in the order of the calls, so a caller may hand over the next batch (its
   * `expectOffset` = this batch's checkpoint offset) before this one is stored.
   */
  appendBatch(batch: AppendBatch): Promise<AppendOutcome>;
  /**
   * How many appendBatch calls a bulk writer should leave unanswered at once: enough to keep the
   * store's writer busy while the caller prepares the next batch. Batches that queue up commit
   * together (group commit), which pays where each commit has fixed costs.
   */
  readonly appendsInFlight: number;
  getCheckpoint(key: string): Promise<Checkpoint | null>;
  listCheckpoints(): Promise<Checkpoint[]>;
  queryLogs(q: LogQuery): Promise<LogPage>;
  getLogs(ids: number[]): Promise<StoredLog[]>;
  countLogs(q?: Pick<LogQuery, 'service' | 'since' | 'until'>): Promise<number>;
  /**
   * Stream stored records with id > afterId in id order, in pages (detection reads this).
   * `fields: 'detect'` reads only what detectors use (see ScannedLog); a backend may still return whole records.
   */
  scanLogs(opts: ScanLogsOptions & { fields: 'detect' }): AsyncIterable<ScannedLog[]>;
  scanLogs(opts: ScanLogsOptions): AsyncIterable<StoredLog[]>;
  maxLogId(): Promise<number>;
  listRejects(opts?: { limit?: number }): Promise<RejectRow[]>;
  countRejects(): Promise<Record<string, number>>;
  services(): Promise<{ service: string; count: number; firstTs: number; lastTs: number }[]>;
  /** Volume per service per bucket (bucket start in epoch ms). */
  volume(opts: { since?: number; until?: number; bucketMs: number; service?: string }): Promise<{ service: string; bucket: number; count: number; errors: number }[]>;
}

// ---------------------------------------------------------------- templates

export interface TemplateUpsert {
  key: string;
  service: string;
  text: string;
  example: string;
  firstSeen: number;
  lastSeen: number;
  /** Count to add (not the total). */
  countDelta: number;
}

export interface TemplateStore {
  /** Insert or update by `key`; returns the stable id for each input, in order. */
  upsertTemplates(items: TemplateUpsert[]): Promise<number[]>;
  /** Record that these templates were merged into others (by key); listings leave them out. */
  markTemplatesMerged(items: { key: string; into: string }[]): Promise<void>;
  /** Add per-minute counts: (templateId, minute start ms) → count to add. */
  addTemplateVolume(items: { templateId: number; minute: number; count: number }[]): Promise<void>;
  /** Templates in use, most frequent (or newest) first; with `merged`, also those merged into another (their records still name them). */
  listTemplates(opts?: { service?: string; limit?: number; order?: 'count' | 'newest'; merged?: boolean }): Promise<Template[]>;
  getTemplate(id: number): Promise<Template | null>;
  getTemplates(ids: number[]): Promise<Template[]>;
  updateTemplate(id: number, patch: Partial<Pick<Template, 'name' | 'frozen' | 'normal' | 'text' | 'custom'>>): Promise<Template | null>;
  /** Per-minute volume of one template. */
  templateVolume(id: number, opts?: { since?: number; until?: number }): Promise<{ minute: number; count: number }[]>;
}

// ---------------------------------------------------------------- rules, alerts, incidents

export interface AlertQuery {
  since?: number;
  until?: number;
  severity?: Severity;
  rule?: string;
  status?: AlertStatus;
  source?: AlertSource;
  service?: string;
  incidentId?: number;
  limit?: number;
  cursor?: string;
}

export interface DetectStore {
  listRules(opts?: { enabledOnly?: boolean }): Promise<Rule[]>;
  getRule(idOrName: number | string): Promise<Rule | null>;
  createRule(rule: RuleDraft): Promise<Rule>;
  updateRule(id: number, patch: Partial<RuleDraft>): Promise<Rule | null>;
  deleteRule(id: number): Promise<boolean>;

  /** Per-detector progress marker (e.g. last examined log id and data time). */
  getWatermark(name: string): Promise<{ logId: number; ts: number } | null>;
  setWatermark(name: string, mark: { logId: number; ts: number }): Promise<void>;

  /** Insert alerts; a draft whose fingerprint exists already is skipped. Returns only the new alerts. */
  insertAlerts(drafts: AlertDraft[]): Promise<Alert[]>;
  listAlerts(q?: AlertQuery): Promise<{ rows: Alert[]; nextCursor: string | null }>;
  getAlert(id: number): Promise<Alert | null>;
  setAlertStatus(id: number, status: AlertStatus): Promise<Alert | null>;
  setAlertIncident(alertIds: number[], incidentId: number): Promise<void>;

  createIncident(incident: Omit<Incident, 'id'>): Promise<Incident>;
  updateIncident(id: number, patch: Partial<Omit<Incident, 'id'>>): Promise<Incident | null>;
  getIncident(id: number): Promise<Incident | null>;
  listIncidents(opts?: { status?: IncidentStatus; since?: number; limit?: number; cursor?: string }): Promise<{ rows: Incident[]; nextCursor: string | null }>;

  /** Run `fn` holding a named lock shared by every process on this database. */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

// ---------------------------------------------------------------- feedback

export type SilenceTarget = { kind: 'rule' | 'template' | 'service'; value: string };

export interface Silence {
  id: number;
  target: SilenceTarget;
  until: number;
  reason: string;
  createdAt: number;
  createdBy: string | null;
}

export interface FeedbackStore {
  addSilence(s: Omit<Silence, 'id' | 'createdAt'>): Promise<Silence>;
  listSilences(opts?: { activeAt?: number }): Promise<Silence[]>;
  deleteSilence(id: number): Promise<boolean>;
  /** Mark an alert "not an anomaly". */
  markAlertNormal(alertId: number, normal: boolean): Promise<void>;
  listNormalAlerts(): Promise<number[]>;
}

// ---------------------------------------------------------------- users & auth

export type Role = 'admin' | 'viewer';

export interface User {
  id: number;
  name: string;
  role: Role;
  passwordHash: string;
  createdAt: number;
}

export interface Session {
  id: string;
  userId: number;
  csrf: string;
  expiresAt: number;
}

export interface ApiToken {
  id: number;
  userId: number;
  name: string;
  tokenHash: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface AuthStore {
  createUser(u: Omit<User, 'id' | 'createdAt'>): Promise<User>;
  getUserByName(name: string): Promise<User | null>;
  getUser(id: number): Promise<User | null>;
  listUsers(): Promise<User[]>;
  updateUser(id: number, patch: Partial<Pick<User, 'role' | 'passwordHash'>>): Promise<User | null>;
  deleteUser(id: number): Promise<boolean>;
  createSession(s: Session): Promise<void>;
  getSession(id: string): Promise<Session | null>;
  deleteSession(id: string): Promise<void>;
  createApiToken(t: Omit<ApiToken, 'id' | 'createdAt' | 'lastUsedAt'>): Promise<ApiToken>;
  findApiToken(tokenHash: string): Promise<ApiToken | null>;
  listApiTokens(userId?: number): Promise<ApiToken[]>;
  deleteApiToken(id: number): Promise<boolean>;
}

// ---------------------------------------------------------------- notifications

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface Delivery {
  id: number;
  channel: string;
  incidentId: number | null;
  alertId: number | null;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number | null;
  createdAt: number;
  sentAt: number | null;
}

export interface NotifyStore {
  createDelivery(d: Omit<Delivery, 'id' | 'createdAt'>): Promise<Delivery>;
  updateDelivery(id: number, patch: Partial<Omit<Delivery, 'id' | 'createdAt'>>): Promise<void>;
  listDeliveries(opts?: { status?: DeliveryStatus; limit?: number; incidentId?: number }): Promise<Delivery[]>;
  /** Last successful delivery of an incident on a channel (repeat-interval dedup). */
  lastDelivery(channel: string, incidentId: number): Promise<Delivery | null>;
}

// ---------------------------------------------------------------- key/value settings

export interface KvStore {
  getSetting<T = unknown>(key: string): Promise<T | null>;
  setSetting(key: string, value: unknown): Promise<void>;
}

export interface Store extends LogStore, TemplateStore, DetectStore, FeedbackStore, AuthStore, NotifyStore, KvStore {
  readonly backend: Backend;
  /** Human-readable location (file path or redacted URL). */
  readonly location: string;
  close(): Promise<void>;
}
