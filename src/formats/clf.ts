import type { Level } from '../domain/level.js';
import { makeRecord } from '../domain/log-record.js';
import { sourceOf } from './env.js';
import type { RecordEnv } from './fields.js';
import type { HeaderDecoder } from './multiline.js';
import { parseTimestamp } from './timestamp.js';

/**
 * Apache/Nginx access logs in Common or Combined Log Format:
 *   host ident authuser [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 ["referer" "user agent"]
 * Fields after the user agent (e.g. Nginx request times) are kept in attrs.extra.
 *
 * message = request line + status; level from the status class (5xx ERROR, 4xx WARN, else INFO), the status
 * kept as rawLevel; user = authuser unless "-"; ip, method, path, protocol, status, bytes, referer,
 * userAgent in attrs.
 */
const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
const CLF = new RegExp(String.raw`^(\S+) (\S+) (\S+) \[([^\]]+)\] ${QUOTED} (\d{3}) (\d+|-)(?: ${QUOTED} ${QUOTED})?(?:\s+(.*))?$`);

export const CLF_DESCRIPTION = 'clf (common/combined)';

export function createClfHeader(env: RecordEnv): HeaderDecoder {
  return {
    description: CLF_DESCRIPTION,
    decode(text, line) {
      const m = CLF.exec(text);
      if (m === null) return null;
      const ts = parseTimestamp(m[4], env.time);
      if (Number.isNaN(ts)) return 'invalid timestamp';
      const request = unescapeQuoted(m[5]);
      const status = m[6];
      const attrs: Record<string, unknown> = { ip: m[1] };
      addRequestParts(attrs, request);
      attrs.status = Number(status);
      attrs.bytes = m[7] === '-' ? 0 : Number(m[7]);
      if (m[2] !== '-') attrs.ident = m[2];
      if (m[8] !== undefined && m[8] !== '-') attrs.referer = unescapeQuoted(m[8]);
      if (m[9] !== undefined && m[9] !== '-') attrs.userAgent = unescapeQuoted(m[9]);
      if (m[10]) attrs.extra = m[10];
      return makeRecord({
        ts,
        service: env.service ?? env.fallbackService,
        level: levelOfStatus(status),
        rawLevel: status,
        user: m[3] !== '-' ? m[3] : undefined,
        message: `${request} ${status}`,
        attrs,
        source: sourceOf(env, line),
      });
    },
  };
}

export function levelOfStatus(status: string): Level {
  const cls = status.charCodeAt(0);
  return cls === 53 ? 'ERROR' : cls === 52 ? 'WARN' : 'INFO';
}

/** "GET /a?b HTTP/1.1" → method, path, protocol into attrs; malformed requests keep only what is there. */
function addRequestParts(attrs: Record<string, unknown>, request: string): void {
  if (request === '-' || request === '') return;
  const first = request.indexOf(' ');
  if (first === -1) {
    attrs.method = request;
    return;
  }
  attrs.method = request.slice(0, first);
  const last = request.lastIndexOf(' ');
  if (last === first) {
    attrs.path = request.slice(first + 1);
    return;
  }
  attrs.path = request.slice(first + 1, last);
  attrs.protocol = request.slice(last + 1);
}

function unescapeQuoted(text: string): string {
  return text.includes('\\') ? text.replace(/\\(.)/g, '$1') : text;
}
