/**
 * The REST API's inputs as zod schemas: the server validates every request at the edge with
 * them, the OpenAPI document is generated from them, and the dashboard types its calls (and
 * checks its forms) with the same definitions. Browser-safe: zod and domain constants only.
 */
import { z } from 'zod';
import { LEVELS, RULE_TYPES, SEVERITIES } from '../domain/index.js';

export const API_PREFIX = '/api/v1';

export const ROLES = ['admin', 'viewer'] as const;
export const ALERT_STATUSES = ['open', 'acked', 'resolved'] as const;
export const ALERT_SOURCES = ['rule', 'zscore', 'ml'] as const;
export const MAX_PAGE = 1000;
export const PASSWORD_MIN_LENGTH = 8;

// ---------------------------------------------------------------- building blocks

const pageLimit = (fallback: number) => z.coerce.number().int().min(1).max(MAX_PAGE).default(fallback);
const cursor = z.string().trim().min(1).max(200);
const label = (max: number) => z.string().trim().min(1).max(max);

/** `true`/`false` in a query string. */
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Parse a time given as epoch milliseconds or an ISO 8601 string; null when it is neither. */
export function parseApiTime(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null;
  const text = value.trim();
  if (/^-?\d{1,16}$/.test(text)) return Number(text);
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : t;
}

/** A point in time: epoch milliseconds or ISO 8601. */
export const time = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const t = parseApiTime(v);
  if (t === null) {
    ctx.addIssue({ code: 'custom', message: 'must be a time (epoch milliseconds or ISO 8601)' });
    return z.NEVER;
  }
  return t;
});

export const IdParams = z.strictObject({ id: z.coerce.number().int().positive() });

// ---------------------------------------------------------------- auth & users

export const UserName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.@-]+$/, { message: 'may only use letters, digits and _ . @ -' });

export const NewPassword = z.string().min(PASSWORD_MIN_LENGTH).max(1024);

export const LoginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(1024),
});

export const UserCreateBody = z.strictObject({
  name: UserName,
  role: z.enum(ROLES),
  password: NewPassword,
});

export const UserPatchBody = z
  .strictObject({ role: z.enum(ROLES).optional(), password: NewPassword.optional() })
  .refine((b) => b.role !== undefined || b.password !== undefined, { message: 'give a role or a password to change' });

export const TokenCreateBody = z.strictObject({ name: label(100) });

// ---------------------------------------------------------------- logs & templates

export const LogsQuery = z.strictObject({
  service: label(200).optional(),
  /** This level and worse. */
  level: z.enum(LEVELS).optional(),
  since: time.optional(),
  until: time.optional(),
  /** Case-insensitive text the message contains. */
  grep: label(500).optional(),
  template: z.coerce.number().int().positive().optional(),
  user: label(200).optional(),
  host: label(200).optional(),
  limit: pageLimit(100),
  cursor: cursor.optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export const LogStreamQuery = z.strictObject({
  service: label(200).optional(),
  level: z.enum(LEVELS).optional(),
  grep: label(500).optional(),
});

export const TemplatesQuery = z.strictObject({
  service: label(200).optional(),
  order: z.enum(['count', 'newest']).default('count'),
  limit: pageLimit(200),
  /** Attach a sparkline of this many buckets over the last day of data (0: none). */
  spark: z.coerce.number().int().min(0).max(96).default(0),
});

export const TemplatePatchBody = z
  .strictObject({
    name: z.string().trim().max(200).nullable().optional(),
    frozen: z.boolean().optional(),
    normal: z.boolean().optional(),
  })
  .refine((b) => b.name !== undefined || b.frozen !== undefined || b.normal !== undefined, {
    message: 'give a name, frozen or normal to change',
  });

export const TemplateVolumeQuery = z.strictObject({ since: time.optional(), until: time.optional() });

// ---------------------------------------------------------------- alerts & incidents

export const AlertsQuery = z.strictObject({
  since: time.optional(),
  until: time.optional(),
  severity: z.enum(SEVERITIES).optional(),
  rule: label(200).optional(),
  status: z.enum(ALERT_STATUSES).optional(),
  source: z.enum(ALERT_SOURCES).optional(),
  service: label(200).optional(),
  incident: z.coerce.number().int().positive().optional(),
  limit: pageLimit(100),
  cursor: cursor.optional(),
});

export const AlertNormalBody = z.strictObject({ normal: z.boolean() });

export const IncidentsQuery = z.strictObject({
  status: z.enum(ALERT_STATUSES).optional(),
  since: time.optional(),
  limit: pageLimit(50),
  cursor: cursor.optional(),
});

// ---------------------------------------------------------------- rules & silences

/** A rule as the API takes it; the rule type's own parameters are checked by the rule parser. */
export const RuleBody = z.strictObject({
  name: label(100),
  type: z.enum(RULE_TYPES),
  severity: z.enum(SEVERITIES).default('MEDIUM'),
  enabled: z.boolean().default(true),
  services: z.array(label(200)).max(100).default([]),
  description: z.string().max(1000).optional(),
  params: z.record(z.string(), z.unknown()).default({}),
});

export const SilencesQuery = z.strictObject({ active: flag.optional() });

export const SilenceBody = z.strictObject({
  kind: z.enum(['rule', 'template', 'service']),
  value: label(200),
  until: time,
  reason: z.string().trim().max(500).default(''),
});

// ---------------------------------------------------------------- stats

export const StatsQuery = z.strictObject({
  since: time.optional(),
  until: time.optional(),
  service: label(200).optional(),
  /** Bucket width in milliseconds (default: chosen from the range). */
  bucket: z.coerce.number().int().min(1000).max(7 * 24 * 3600_000).optional(),
});

export type LogsQueryInput = z.input<typeof LogsQuery>;
export type AlertsQueryInput = z.input<typeof AlertsQuery>;
export type RuleBodyInput = z.input<typeof RuleBody>;
export type UserCreateInput = z.input<typeof UserCreateBody>;
