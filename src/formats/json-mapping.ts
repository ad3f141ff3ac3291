import { normalizeLevel, type Level } from '../domain/level.js';
import { makeRecord, type LogRecord, type SourcePos } from '../domain/log-record.js';
import { levelFromContent } from './content-level.js';
import type { RecordEnv } from './fields.js';
import type { JsonFieldMap, RejectReason } from './format.js';
import { epochFromNumber, parseTimestamp } from './timestamp.js';

/**
 * JSON object → LogRecord. Each LogRecord field is taken from the first key of its list that holds a scalar;
 * a dotted key ("service.name") is looked up as a literal key first, then as a path into nested objects.
 * Mapped keys are removed and everything left becomes attrs. Without a message key, the message is the
 * compact JSON of the remaining fields. Without a level key, the level comes from the message words.
 * Numeric levels: 0-7 are syslog severities, 10-60 pino/bunyan levels. Numeric times: epoch s/ms/µs/ns.
 */
export const DEFAULT_JSON_FIELDS: JsonFieldMap = {
  ts: ['@timestamp', 'timestamp', 'time', 'ts'],
  message: ['message', 'msg', 'log'],
  level: ['level', 'severity', 'severityText', 'log.level'],
  service: ['service', 'app', 'logger', 'service.name'],
  user: ['user', 'username', 'user.name'],
  host: ['host', 'hostname', 'host.name'],
};

/** Defaults with the given lists replacing theirs (undefined entries ignored). */
export function jsonFieldMap(overrides: Partial<JsonFieldMap> = {}): JsonFieldMap {
  const map = { ...DEFAULT_JSON_FIELDS };
  for (const key of Object.keys(map) as (keyof JsonFieldMap)[]) {
    const list = overrides[key];
    if (list !== undefined) map[key] = list;
  }
  return map;
}

type Scalar = string | number | boolean;
type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function jsonRecord(value: unknown, fields: JsonFieldMap, env: RecordEnv, source: SourcePos): LogRecord | RejectReason {
  if (!isJsonObject(value)) return 'not a JSON object';
  // Validate before removing anything, so that a reject still shows the whole event.
  const rawTs = take(value, fields.ts, false);
  if (rawTs === undefined) return 'missing timestamp';
  const ts = typeof rawTs === 'number' ? epochFromNumber(rawTs) : typeof rawTs === 'string' ? parseTimestamp(rawTs, env.time) : NaN;
  if (Number.isNaN(ts)) return 'invalid timestamp';
  take(value, fields.ts);
  const rawLevel = take(value, fields.level);
  const service = take(value, fields.service);
  const user = take(value, fields.user);
  const host = take(value, fields.host);
  const rawMessage = take(value, fields.message);
  const message = rawMessage === undefined ? JSON.stringify(value) : String(rawMessage);
  return makeRecord({
    ts,
    service: env.service ?? (service === undefined || service === '' ? env.fallbackService : String(service)),
    host: host === undefined || host === '' ? undefined : String(host),
    level: rawLevel === undefined ? levelFromContent(message) : levelOf(rawLevel),
    rawLevel: rawLevel === undefined ? undefined : String(rawLevel),
    user: user === undefined || user === '' ? undefined : String(user),
    message,
    attrs: value,
    source,
  });
}

const SYSLOG_SEVERITY_LEVELS: readonly Level[] = ['FATAL', 'FATAL', 'FATAL', 'ERROR', 'WARN', 'INFO', 'INFO', 'DEBUG'];

function levelOf(raw: Scalar): Level {
  if (typeof raw !== 'number') return normalizeLevel(String(raw));
  if (raw <= 7) return SYSLOG_SEVERITY_LEVELS[Math.max(0, Math.floor(raw))];
  if (raw <= 10) return 'TRACE';
  if (raw <= 20) return 'DEBUG';
  if (raw <= 30) return 'INFO';
  if (raw <= 40) return 'WARN';
  return raw <= 50 ? 'ERROR' : 'FATAL';
}

/** Return (and unless `remove` is false, remove) the first scalar found under one of `keys`. */
export function take(obj: JsonObject, keys: readonly string[], remove = true): Scalar | undefined {
  for (const key of keys) {
    const direct = obj[key];
    if (isScalar(direct)) {
      if (remove) delete obj[key];
      return direct;
    }
    if (key.includes('.')) {
      const nested = takePath(obj, key.split('.'), 0, remove);
      if (nested !== undefined) return nested;
    }
  }
  return undefined;
}

/** Read a scalar at a nested path, delete it, and delete parents it leaves empty. */
function takePath(obj: JsonObject, path: string[], depth: number, remove: boolean): Scalar | undefined {
  const value = obj[path[depth]];
  if (depth === path.length - 1) {
    if (!isScalar(value)) return undefined;
    if (remove) delete obj[path[depth]];
    return value;
  }
  if (!isJsonObject(value)) return undefined;
  const found = takePath(value, path, depth + 1, remove);
  if (remove && found !== undefined && Object.keys(value).length === 0) delete obj[path[depth]];
  return found;
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
