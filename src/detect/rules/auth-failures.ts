/**
 * Recognising failed authentications and who they were about. Pure functions over one record;
 * every regular expression is compiled once, and the failure patterns are combined into one.
 */
import type { Identity } from './group.js';
import type { DetectRecord } from './types.js';

/**
 * Messages that report a failed authentication (case-insensitive). `invalid user` counts only in
 * sshd's "Invalid user X from IP" form: its "[preauth]" echo and "Failed password for invalid user"
 * already count once each.
 */
export const DEFAULT_FAILURE_PATTERNS: readonly string[] = [
  String.raw`\bfailed password\b`,
  String.raw`\blogin failed\b`,
  String.raw`\bfailed login\b`,
  String.raw`\blogin incorrect\b`,
  String.raw`(?:^|: )invalid user \S+ from\b`,
  String.raw`\bauthentication failure\b`,
  String.raw`\bauthentication failed\b`,
  String.raw`\bfailed to authenticate\b`,
  String.raw`\binvalid (?:password|credentials)\b`,
  String.raw`\bbad password\b`,
  String.raw`\baccess denied for user\b`,
  String.raw`\bpassword check failed\b`,
];

export const DEFAULT_HTTP_FAILURE_STATUSES: readonly number[] = [401, 403];

export interface FailureMatcher {
  /** True when the record reports a failed authentication. */
  isFailure(record: DetectRecord): boolean;
}

export function failureMatcher(opts: { patterns?: readonly string[]; httpStatuses?: readonly number[] } = {}): FailureMatcher {
  const combined = new RegExp((opts.patterns ?? DEFAULT_FAILURE_PATTERNS).map((p) => `(?:${p})`).join('|'), 'i');
  const statuses = new Set(opts.httpStatuses ?? DEFAULT_HTTP_FAILURE_STATUSES);
  return {
    isFailure(record) {
      const status = record.attrs.status;
      if (status !== undefined && statuses.has(Number(status))) return true;
      if (isFailedConsoleLogin(record.attrs)) return true;
      return combined.test(record.message);
    },
  };
}

/** CloudTrail: `eventName: ConsoleLogin` with `responseElements.ConsoleLogin: Failure` (or an error). */
export function isFailedConsoleLogin(attrs: Record<string, unknown>): boolean {
  if (attrs.eventName !== 'ConsoleLogin') return false;
  const response = attrs.responseElements as Record<string, unknown> | null | undefined;
  return response?.ConsoleLogin === 'Failure' || typeof attrs.errorMessage === 'string';
}

/** Tried in order on the message; the first capture is the user. */
const USER_IN_MESSAGE: readonly RegExp[] = [
  /\binvalid user (\S+)/i,
  /\bfor user '?([^\s'@,;]+)/i,
  /\buser[=:]\s*"?([^\s",;]+)/i,
  /\bfor (\S+) from\b/i,
];

/** PAM's `rhost=` (an address or a host name), else an address after "from" or "client". */
const IP_IN_MESSAGE = /\brhost=(\S+)|\b(?:from|client)\s+\[?((?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]*:[0-9a-f:]*:[0-9a-f]*)/i;

const IP_ATTRS = ['ip', 'sourceIPAddress', 'client_ip', 'clientIp', 'remote_addr', 'remoteAddr', 'remote_ip', 'src_ip'] as const;

/** Who a failure is about: the record's user, else one named in the message or CloudTrail identity; the source IP likewise. */
export function failureIdentity(record: DetectRecord): Identity {
  const id: Identity = { service: record.service };
  const user = present(record.user) ?? userFromAttrs(record.attrs) ?? userFromMessage(record.message);
  if (user !== undefined) id.user = user;
  const ip = ipFromAttrs(record.attrs) ?? ipFromMessage(record.message);
  if (ip !== undefined) id.ip = ip;
  return id;
}

export function userFromMessage(message: string): string | undefined {
  for (const re of USER_IN_MESSAGE) {
    const m = re.exec(message);
    if (m) return present(m[1]);
  }
  return undefined;
}

export function ipFromMessage(message: string): string | undefined {
  const m = IP_IN_MESSAGE.exec(message);
  return m ? present(m[1] ?? m[2]) : undefined;
}

function userFromAttrs(attrs: Record<string, unknown>): string | undefined {
  const identity = attrs.userIdentity as Record<string, unknown> | null | undefined;
  const name = identity?.userName ?? (attrs.additionalEventData as Record<string, unknown> | undefined)?.UserName;
  return typeof name === 'string' ? present(name) : undefined;
}

function ipFromAttrs(attrs: Record<string, unknown>): string | undefined {
  for (const k of IP_ATTRS) {
    const v = attrs[k];
    if (typeof v === 'string') return present(v);
  }
  return undefined;
}

/** Empty strings and the access-log placeholder `-` mean "no value". */
function present(v: string | undefined): string | undefined {
  return v === undefined || v === '' || v === '-' ? undefined : v;
}
