/** Mapping between table rows and domain objects (the same for every backend). */
import type { Selectable } from 'kysely';
import type { Alert, AlertDraft, Incident, Level, Rule, RuleType, Severity, StoredLog, Template } from '../domain/index.js';
import type { AlertsTable, IncidentsTable, LogsTable, RulesTable, TemplatesTable } from './schema.js';
import { attrsJson, paramsJson } from './row-json.js';
import type { LogRow, ScannedLog } from './store.js';

export const json = (value: unknown): string => JSON.stringify(value ?? null);
export const parse = <T>(text: string | null | undefined, fallback: T): T => {
  if (text == null || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: unknown): number | null => (v == null ? null : Number(v));

export function logToRow(r: LogRow): Omit<LogsTable, 'id'> {
  return {
    ts: r.ts,
    service: r.service,
    host: r.host ?? null,
    level: r.level,
    raw_level: r.rawLevel ?? null,
    user_name: r.user ?? null,
    message: r.message,
    attrs: attrsJson(r.attrs),
    template_id: r.templateId,
    params: paramsJson(r.params),
    src_file: r.source.file,
    src_line: r.source.line,
    src_offset: r.source.offset,
  };
}

export function rowToLog(row: Selectable<LogsTable>): StoredLog {
  const log: StoredLog = {
    id: num(row.id),
    ts: num(row.ts),
    service: row.service,
    level: row.level as Level,
    message: row.message,
    attrs: parseAttrs(row.attrs),
    source: { file: row.src_file, line: num(row.src_line), offset: num(row.src_offset) },
    templateId: numOrNull(row.template_id),
    params: parseParams(row.params),
  };
  if (row.host != null) log.host = row.host;
  if (row.raw_level != null) log.rawLevel = row.raw_level;
  if (row.user_name != null) log.user = row.user_name;
  return log;
}

/** The logs columns in the order `valuesToLog` reads them (for drivers that return rows as arrays). */
export const LOG_SELECT_COLUMNS = 'id, ts, service, host, level, raw_level, user_name, message, attrs, template_id, params, src_file, src_line, src_offset';

/** A logs row selected as an array of LOG_SELECT_COLUMNS: no per-row object with column names to build first. */
export function valuesToLog(v: readonly unknown[]): StoredLog {
  const log: StoredLog = {
    id: num(v[0]),
    ts: num(v[1]),
    service: v[2] as string,
    level: v[4] as Level,
    message: v[7] as string,
    attrs: parseAttrs(v[8] as string),
    source: { file: v[11] as string, line: num(v[12]), offset: num(v[13]) },
    templateId: numOrNull(v[9]),
    params: parseParams(v[10] as string),
  };
  if (v[3] != null) log.host = v[3] as string;
  if (v[5] != null) log.rawLevel = v[5] as string;
  if (v[6] != null) log.user = v[6] as string;
  return log;
}

/** The logs columns in the order `valuesToScannedLog` reads them: only what detection uses. */
export const SCANNED_LOG_COLUMNS = 'id, ts, service, host, level, user_name, message, attrs, template_id';

/** A row of SCANNED_LOG_COLUMNS as an array: no parameters to parse, no source position to build. */
export function valuesToScannedLog(v: readonly unknown[]): ScannedLog {
  const log: ScannedLog = {
    id: num(v[0]),
    ts: num(v[1]),
    service: v[2] as string,
    level: v[4] as Level,
    message: v[6] as string,
    attrs: parseAttrs(v[7] as string),
    templateId: numOrNull(v[8]),
  };
  if (v[3] != null) log.host = v[3] as string;
  if (v[5] != null) log.user = v[5] as string;
  return log;
}

/** Most records have no attributes or no parameters: skip JSON.parse for those. */
function parseAttrs(text: string): Record<string, unknown> {
  return text === '{}' ? {} : parse(text, {});
}

function parseParams(text: string): string[] {
  return text === '[]' ? [] : parse(text, []);
}

export function rowToTemplate(row: Selectable<TemplatesTable>): Template {
  return {
    id: num(row.id),
    key: row.key,
    service: row.service,
    text: row.text,
    name: row.name,
    frozen: !!num(row.frozen),
    custom: !!num(row.custom),
    normal: !!num(row.normal),
    count: num(row.count),
    firstSeen: num(row.first_seen),
    lastSeen: num(row.last_seen),
    example: row.example,
  };
}

export function rowToRule(row: Selectable<RulesTable>): Rule {
  const rule: Rule = {
    id: num(row.id),
    name: row.name,
    type: row.type as RuleType,
    params: parse(row.params, {}),
    severity: row.severity as Severity,
    enabled: !!num(row.enabled),
    scope: parse(row.scope, {}),
  };
  if (row.description != null) rule.description = row.description;
  return rule;
}

export function alertToRow(d: AlertDraft, createdAt: number): Omit<AlertsTable, 'id'> {
  return {
    fingerprint: d.fingerprint,
    source: d.source,
    rule_id: d.ruleId,
    rule_name: d.ruleName,
    severity: d.severity,
    scope: json(d.scope),
    service: d.scope.service ?? null,
    window_start: d.windowStart,
    window_end: d.windowEnd,
    observed: d.observed,
    threshold: d.threshold,
    score: d.score,
    message: d.message,
    evidence: json(d.evidence),
    factors: json(d.factors),
    created_at: createdAt,
    status: 'open',
    incident_id: null,
    normal: 0,
  };
}

export function rowToAlert(row: Selectable<AlertsTable>): Alert {
  return {
    id: num(row.id),
    fingerprint: row.fingerprint,
    source: row.source as Alert['source'],
    ruleId: numOrNull(row.rule_id),
    ruleName: row.rule_name,
    severity: row.severity as Severity,
    scope: parse(row.scope, {}),
    windowStart: num(row.window_start),
    windowEnd: num(row.window_end),
    observed: num(row.observed),
    threshold: num(row.threshold),
    score: numOrNull(row.score),
    message: row.message,
    evidence: parse(row.evidence, []),
    factors: parse(row.factors, []),
    createdAt: num(row.created_at),
    status: row.status as Alert['status'],
    incidentId: numOrNull(row.incident_id),
  };
}

export function incidentToRow(i: Partial<Omit<Incident, 'id'>>): Partial<Omit<IncidentsTable, 'id'>> {
  const row: Partial<Omit<IncidentsTable, 'id'>> = {};
  if (i.title !== undefined) row.title = i.title;
  if (i.status !== undefined) row.status = i.status;
  if (i.severity !== undefined) row.severity = i.severity;
  if (i.start !== undefined) row.start_ts = i.start;
  if (i.end !== undefined) row.end_ts = i.end;
  if (i.services !== undefined) row.services = json(i.services);
  if (i.templateIds !== undefined) row.template_ids = json(i.templateIds);
  if (i.users !== undefined) row.users = json(i.users);
  if (i.hosts !== undefined) row.hosts = json(i.hosts);
  if (i.updatedAt !== undefined) row.updated_at = i.updatedAt;
  if (i.resolvedAt !== undefined) row.resolved_at = i.resolvedAt;
  return row;
}

export function rowToIncident(row: Selectable<IncidentsTable>, members: number[]): Incident {
  return {
    id: num(row.id),
    title: row.title,
    status: row.status as Incident['status'],
    severity: row.severity as Severity,
    start: num(row.start_ts),
    end: num(row.end_ts),
    services: parse(row.services, []),
    templateIds: parse(row.template_ids, []),
    users: parse(row.users, []),
    hosts: parse(row.hosts, []),
    members,
    updatedAt: num(row.updated_at),
    resolvedAt: numOrNull(row.resolved_at),
  };
}

/** Cursors are opaque to callers: base64url of the last id seen. */
export function encodeCursor(id: number): string {
  return Buffer.from(String(id)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | null {
  if (!cursor) return null;
  const n = Number(Buffer.from(cursor, 'base64url').toString());
  return Number.isSafeInteger(n) ? n : null;
}

/** A LIKE pattern's literal text: `%`, `_` and `\` match themselves (with `escape '\'`). */
export function escapeLike(s: string): string {
  return s.replace(/[%_\\]/g, (c) => `\\${c}`);
}
