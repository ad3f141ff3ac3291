/**
 * Session keys: how records are grouped into sequences. A regex over the message (HDFS block ids),
 * a field (request id, user, host), or one stream per service.
 */
import type { MlRecord } from './types.js';

export type SessionKey =
  | { kind: 'regex'; pattern: string }
  | { kind: 'field'; field: string }
  | { kind: 'service' };

export const HDFS_BLOCK_SESSION: SessionKey = { kind: 'regex', pattern: 'blk_-?\\d+' };
export const SERVICE_SESSION: SessionKey = { kind: 'service' };

/** A function giving a record's session id, or null when the record belongs to none. */
export type SessionOf = (r: MlRecord) => string | null;

export function sessionOf(key: SessionKey): SessionOf {
  switch (key.kind) {
    case 'service':
      return (r) => r.service;
    case 'regex': {
      const re = new RegExp(key.pattern);
      return (r) => re.exec(r.message)?.[0] ?? null;
    }
    case 'field':
      return (r) => {
        const direct = key.field === 'host' ? r.host : key.field === 'user' ? r.user : undefined;
        const value = direct ?? r.attrs?.[key.field];
        return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
      };
  }
}

/** Validate a user-written regex key; errors are values. */
export function parseSessionKey(text: string): { ok: true; key: SessionKey } | { ok: false; reason: string } {
  if (text === 'service') return { ok: true, key: SERVICE_SESSION };
  if (text.startsWith('field:')) {
    const field = text.slice('field:'.length).trim();
    return field ? { ok: true, key: { kind: 'field', field } } : { ok: false, reason: 'A field session key needs a field name, as in "field:requestId".' };
  }
  const pattern = text.startsWith('regex:') ? text.slice('regex:'.length) : text;
  try {
    new RegExp(pattern);
  } catch (e) {
    return { ok: false, reason: `The session key pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(e as Error).message}.` };
  }
  return { ok: true, key: { kind: 'regex', pattern } };
}

/** Group record positions by session, sessions in order of first appearance. */
export function groupSessions(records: Iterable<MlRecord>, of: SessionOf): Map<string, number[]> {
  const sessions = new Map<string, number[]>();
  let i = 0;
  for (const r of records) {
    const id = of(r);
    if (id !== null) {
      let list = sessions.get(id);
      if (!list) sessions.set(id, (list = []));
      list.push(i);
    }
    i++;
  }
  return sessions;
}
