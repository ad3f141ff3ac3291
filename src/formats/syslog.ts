import type { Level } from '../domain/level.js';
import { makeRecord, type LogRecord } from '../domain/log-record.js';
import type { RawLine } from '../sources/raw-line.js';
import { levelFromContent } from './content-level.js';
import { sourceOf } from './env.js';
import type { RecordEnv } from './fields.js';
import type { RejectReason } from './format.js';
import type { HeaderDecoder } from './multiline.js';
import { parseStructuredData } from './syslog-sd.js';
import { parseTimestamp } from './timestamp.js';

/**
 * Syslog lines, both flavours:
 *   RFC 5424  <165>1 2003-10-11T22:14:15.003Z host app 1234 ID47 [exampleSDID@32473 iut="3"] message
 *   RFC 3164  [<34>]Oct 11 22:14:15 host tag[pid]: message   (also with an ISO timestamp, as rsyslog writes)
 * RFC 3164 has no year: it is guessed as the year that puts the line at most a month after "now".
 * service = APP-NAME / tag, host = HOSTNAME, level from the PRI severity (emerg/alert/crit → FATAL, err → ERROR,
 * warning → WARN, notice/info → INFO, debug → DEBUG; rawLevel = its keyword), else from the message words.
 * attrs: facility, pid (3164) or procId/msgId (5424), and 5424 structured data as attrs.sd = { id: { key: value } }.
 */
const RFC5424 = /^<(\d{1,3})>([1-9]\d{0,2}) (\S+) (\S+) (\S+) (\S+) (\S+) ?(.*)$/;
const RFC3164 = /^(?:<(\d{1,3})>)?([A-Za-z]{3} +\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?) +(\S+) +(?:([^\s[:]+)(?:\[([^\]]*)\])?: ?)?(.*)$/;

const SEVERITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;
const SEVERITY_LEVELS: readonly Level[] = ['FATAL', 'FATAL', 'FATAL', 'ERROR', 'WARN', 'INFO', 'INFO', 'DEBUG'];
const FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp', 'audit', 'alert', 'clock',
  'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
];

export const SYSLOG_DESCRIPTION = 'syslog (RFC 3164/5424)';

export function createSyslogHeader(env: RecordEnv): HeaderDecoder {
  return {
    description: SYSLOG_DESCRIPTION,
    decode(text, line) {
      const m5424 = text.charCodeAt(0) === 60 ? RFC5424.exec(text) : null;
      if (m5424 !== null) return decode5424(m5424, env, line);
      const m3164 = RFC3164.exec(text);
      return m3164 === null ? null : decode3164(m3164, env, line);
    },
  };
}

function decode5424(m: RegExpExecArray, env: RecordEnv, line: RawLine): LogRecord | RejectReason {
  const [, pri, , time, host, app, procId, msgId, rest] = m;
  if (time === '-') return 'missing timestamp';
  const ts = parseTimestamp(time, env.time);
  if (Number.isNaN(ts)) return 'invalid timestamp';
  const sd = parseStructuredData(rest, 0);
  let message = sd === undefined ? rest : rest.slice(sd.end + (rest[sd.end] === ' ' ? 1 : 0));
  if (message.charCodeAt(0) === 0xfeff) message = message.slice(1);
  const attrs: Record<string, unknown> = {};
  if (procId !== '-') attrs.procId = procId;
  if (msgId !== '-') attrs.msgId = msgId;
  if (sd !== undefined && Object.keys(sd.elements).length > 0) attrs.sd = sd.elements;
  return build({ pri, ts, host, app, message, attrs }, env, line);
}

function decode3164(m: RegExpExecArray, env: RecordEnv, line: RawLine): LogRecord | RejectReason {
  const [, pri, time, host, tag, pid, message] = m;
  const ts = parseTimestamp(time, env.time);
  if (Number.isNaN(ts)) return 'invalid timestamp';
  const attrs: Record<string, unknown> = {};
  if (pid !== undefined) attrs.pid = pid;
  return build({ pri, ts, host, app: tag, message, attrs }, env, line);
}

interface SyslogFields {
  pri: string | undefined;
  ts: number;
  host: string;
  app: string | undefined;
  message: string;
  attrs: Record<string, unknown>;
}

function build(fields: SyslogFields, env: RecordEnv, line: RawLine): LogRecord | RejectReason {
  const record = makeRecord({
    ts: fields.ts,
    service: env.service ?? (fields.app === undefined || fields.app === '-' ? env.fallbackService : fields.app),
    host: fields.host !== '-' ? fields.host : undefined,
    message: fields.message,
    attrs: fields.attrs,
    source: sourceOf(env, line),
  });
  if (fields.pri === undefined) {
    record.level = levelFromContent(fields.message);
    return record;
  }
  const pri = Number(fields.pri);
  if (pri > 191) return 'invalid priority';
  const severity = pri & 7;
  record.level = SEVERITY_LEVELS[severity];
  record.rawLevel = SEVERITIES[severity];
  fields.attrs.facility = FACILITIES[pri >> 3];
  return record;
}
