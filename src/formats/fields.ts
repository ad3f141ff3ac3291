import { normalizeLevel, type Level } from '../domain/level.js';
import { makeRecord, type LogRecord, type SourcePos } from '../domain/log-record.js';
import { levelFromContent } from './content-level.js';
import { forEachKeyValue } from './key-values.js';
import { FormatError, type RejectReason } from './format.js';
import { parseTimestamp, type TimestampContext } from './timestamp.js';

/**
 * How named header fields (from a line format or a Loghub CSV header) become a LogRecord.
 *
 * Roles by field name (case-insensitive): Level/Severity → level (the raw word kept in rawLevel);
 * Component/Program/Service/App/Application/Logger → service; User/Username → user; Node/Host/Hostname → host;
 * Date/Time/Day/Month/Year/Timestamp/DateTime → the timestamp (joined with spaces in format order);
 * Content/Message/Msg → message; anything else → attrs under its own name. Presets can override roles.
 */
export type FieldRole = 'ts' | 'level' | 'service' | 'user' | 'host' | 'message' | 'attr';

const ROLE_BY_NAME: Readonly<Record<string, FieldRole>> = {
  level: 'level', severity: 'level',
  component: 'service', program: 'service', service: 'service', app: 'service', application: 'service', logger: 'service',
  user: 'user', username: 'user',
  node: 'host', host: 'host', hostname: 'host',
  date: 'ts', time: 'ts', day: 'ts', month: 'ts', year: 'ts', timestamp: 'ts', datetime: 'ts',
  content: 'message', message: 'message', msg: 'message',
};

/** What a preset knows about its fields beyond their names. */
export interface FieldSemantics {
  /** Role overrides, e.g. Linux's `Level` field actually holds the host name. */
  roles?: Readonly<Record<string, FieldRole>>;
  /** The fields forming the timestamp, in order; other timestamp-named fields go to attrs. */
  timestamp?: readonly string[];
  /** The service when the data names none (e.g. 'sshd' for OpenSSH). */
  service?: string;
  /** Copy `key=value` pairs of the message into attrs (`user=` also sets the user). */
  keyValues?: boolean;
}

export interface FieldSchema {
  readonly names: readonly string[];
  readonly roles: readonly FieldRole[];
  readonly tsFields: readonly number[];
  readonly level: number;
  readonly service: number;
  readonly user: number;
  readonly host: number;
  readonly message: number;
  readonly attrFields: readonly number[];
  readonly defaultService?: string;
  readonly keyValues: boolean;
}

/** Where records are being decoded: time context, service fallbacks, file name. */
export interface RecordEnv {
  readonly time: TimestampContext;
  /** Forced service (FormatOptions.service). */
  readonly service?: string;
  /** Service when neither the data nor the format names one (file name, else a format default). */
  readonly fallbackService: string;
  readonly file: string;
}

export function defaultRole(name: string): FieldRole {
  return ROLE_BY_NAME[name.toLowerCase()] ?? 'attr';
}

export function fieldSchema(names: readonly string[], semantics: FieldSemantics = {}): FieldSchema {
  const roles = names.map((name) => semantics.roles?.[name] ?? defaultRole(name));
  let tsFields = names.flatMap((_, k) => (roles[k] === 'ts' ? [k] : []));
  if (semantics.timestamp) {
    tsFields = semantics.timestamp.map((name) => names.indexOf(name));
    if (tsFields.includes(-1)) throw new FormatError(`timestamp fields ${semantics.timestamp.join(', ')} are not all in (${names.join(', ')}).`);
    for (let k = 0; k < roles.length; k++) if (roles[k] === 'ts' && !tsFields.includes(k)) roles[k] = 'attr';
  }
  if (tsFields.length === 0) {
    throw new FormatError(`fields (${names.join(', ')}) include no timestamp: name one <Date>, <Time>, <Timestamp>, <Day>, <Month> or <Year>.`);
  }
  const message = roles.indexOf('message');
  if (message === -1) roles[roles.length - 1] = 'message';
  return {
    names,
    roles,
    tsFields,
    level: roles.indexOf('level'),
    service: roles.indexOf('service'),
    user: roles.indexOf('user'),
    host: roles.indexOf('host'),
    message: roles.indexOf('message'),
    attrFields: roles.flatMap((role, k) => (role === 'attr' ? [k] : [])),
    defaultService: semantics.service,
    keyValues: semantics.keyValues ?? false,
  };
}

/** Field k is `values[base + k]` (base 1 for a regex match); undefined = an optional field that was absent. */
export type FieldValues = ArrayLike<string | undefined>;

/** Builds records from the field values of one schema; made once per decoder. */
export interface RecordBuilder {
  /** A record from field values, or why not. */
  build(values: FieldValues, base: number, source: SourcePos): LogRecord | RejectReason;
}

export function createRecordBuilder(schema: FieldSchema, env: RecordEnv): RecordBuilder {
  // Consecutive lines often share their timestamp text (same second): parse each distinct text once.
  let lastText: string | undefined;
  let lastTs = Number.NaN;
  return {
    build(values, base, source) {
      const text = timestampText(schema, values, base);
      if (text !== lastText) {
        lastText = text;
        lastTs = parseTimestamp(text, env.time);
      }
      return Number.isNaN(lastTs) ? 'invalid timestamp' : recordFromFields(schema, values, base, env, lastTs, source);
    },
  };
}

function recordFromFields(schema: FieldSchema, values: FieldValues, base: number, env: RecordEnv, ts: number, source: SourcePos): LogRecord {
  const message = values[base + schema.message] ?? '';
  const attrs: Record<string, unknown> = {};
  for (const k of schema.attrFields) {
    const value = values[base + k];
    if (value !== undefined) attrs[schema.names[k]] = value;
  }
  const rawLevel = schema.level === -1 ? undefined : values[base + schema.level];
  const record = makeRecord({
    ts,
    service: env.service ?? (field(values, base, schema.service) || schema.defaultService || env.fallbackService),
    host: field(values, base, schema.host) || undefined,
    level: rawLevel === undefined ? levelFromContent(message) : levelOfWord(rawLevel),
    rawLevel,
    user: field(values, base, schema.user) || undefined,
    message,
    attrs,
    source,
  });
  if (schema.keyValues) addKeyValues(record, message);
  return record;
}

/** normalizeLevel, memoised: a file repeats the same few level words. */
const LEVEL_WORDS = new Map<string, Level>();

function levelOfWord(raw: string): Level {
  let level = LEVEL_WORDS.get(raw);
  if (level === undefined) {
    level = normalizeLevel(raw);
    if (LEVEL_WORDS.size < 1000) LEVEL_WORDS.set(raw, level);
  }
  return level;
}

function timestampText(schema: FieldSchema, values: FieldValues, base: number): string {
  const fields = schema.tsFields;
  let text = values[base + fields[0]] ?? '';
  for (let k = 1; k < fields.length; k++) text += ' ' + (values[base + fields[k]] ?? '');
  return text;
}

/** The value of field k (-1 = the format has no such field), undefined when absent, empty or "-". */
function field(values: FieldValues, base: number, k: number): string | undefined {
  if (k === -1) return undefined;
  const value = values[base + k];
  return value === undefined || value === '' || value === '-' ? undefined : value;
}

/** `user=alice status="gone away"` in the message → attrs.user, attrs.status; user also → record.user. */
export function addKeyValues(record: LogRecord, message: string): void {
  forEachKeyValue(message, (key, value) => {
    record.attrs[key] = value;
    if (record.user === undefined && (key === 'user' || key === 'username') && value !== '') record.user = value;
  });
}
