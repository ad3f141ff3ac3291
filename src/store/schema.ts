/**
 * Table shapes, shared by every backend. Column names are snake_case; JSON columns hold text
 * (the same on SQLite and PostgreSQL); booleans are 0/1 integers so both dialects read alike.
 */
import type { Generated } from 'kysely';

export interface LogsTable {
  id: Generated<number>;
  ts: number;
  service: string;
  host: string | null;
  level: string;
  raw_level: string | null;
  user_name: string | null;
  message: string;
  attrs: string;
  template_id: number | null;
  params: string;
  src_file: string;
  src_line: number;
  src_offset: number;
}

export interface RejectsTable {
  id: Generated<number>;
  reason: string;
  raw: string;
  src_file: string;
  src_line: number;
  src_offset: number;
  created_at: number;
}

export interface CheckpointsTable {
  key: string;
  path: string;
  offset: number;
  line: number;
  size: number;
  updated_at: number;
}

export interface TemplatesTable {
  id: Generated<number>;
  key: string;
  service: string;
  text: string;
  name: string | null;
  frozen: number;
  custom: number;
  normal: number;
  count: number;
  first_seen: number;
  last_seen: number;
  example: string;
  merged_into: Generated<string | null>;
}

export interface TemplateVolumeTable {
  template_id: number;
  minute: number;
  count: number;
}

export interface RulesTable {
  id: Generated<number>;
  name: string;
  type: string;
  params: string;
  severity: string;
  enabled: number;
  scope: string;
  description: string | null;
}

export interface WatermarksTable {
  name: string;
  log_id: number;
  ts: number;
}

export interface AlertsTable {
  id: Generated<number>;
  fingerprint: string;
  source: string;
  rule_id: number | null;
  rule_name: string;
  severity: string;
  scope: string;
  service: string | null;
  window_start: number;
  window_end: number;
  observed: number;
  threshold: number;
  score: number | null;
  message: string;
  evidence: string;
  factors: string;
  created_at: number;
  status: string;
  incident_id: number | null;
  normal: number;
}

export interface IncidentsTable {
  id: Generated<number>;
  title: string;
  status: string;
  severity: string;
  start_ts: number;
  end_ts: number;
  services: string;
  template_ids: string;
  users: string;
  hosts: string;
  updated_at: number;
  resolved_at: number | null;
}

export interface SilencesTable {
  id: Generated<number>;
  kind: string;
  value: string;
  until: number;
  reason: string;
  created_at: number;
  created_by: string | null;
}

export interface UsersTable {
  id: Generated<number>;
  name: string;
  role: string;
  password_hash: string;
  created_at: number;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf: string;
  expires_at: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
}

export interface DeliveriesTable {
  id: Generated<number>;
  channel: string;
  incident_id: number | null;
  alert_id: number | null;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number | null;
  created_at: number;
  sent_at: number | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface LocksTable {
  name: string;
  owner: string;
  expires_at: number;
}

export interface Database {
  logs: LogsTable;
  rejects: RejectsTable;
  checkpoints: CheckpointsTable;
  templates: TemplatesTable;
  template_volume: TemplateVolumeTable;
  rules: RulesTable;
  watermarks: WatermarksTable;
  alerts: AlertsTable;
  incidents: IncidentsTable;
  silences: SilencesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  deliveries: DeliveriesTable;
  settings: SettingsTable;
  locks: LocksTable;
}
