import { describe, expect, it } from 'vitest';
import { parsePgUrl, redactUrl, withSchema } from './url.js';

describe('parsePgUrl', () => {
  it('takes the schema out of the URL and keeps the other parameters', () => {
    const parsed = parsePgUrl('postgres://app:secret@db.example:5433/logs?schema=tenant_1&sslmode=require');
    expect(parsed).toEqual({
      kind: 'ok',
      location: {
        connectionString: 'postgres://app:secret@db.example:5433/logs?sslmode=require',
        schema: 'tenant_1',
        redacted: 'postgres://app:***@db.example:5433/logs?schema=tenant_1&sslmode=require',
      },
    });
  });

  it('leaves the schema to the server when the URL names none', () => {
    const parsed = parsePgUrl('postgresql://postgres@127.0.0.1/test');
    expect(parsed.kind === 'ok' && parsed.location.schema).toBeNull();
  });

  it.each([
    ['not a url', 'is not a valid PostgreSQL URL'],
    ['mysql://u@h/db', 'does not start with postgres://'],
    ['postgres://u@h/db?schema=bad;drop', 'must be a plain identifier'],
    ['postgres://u@h/db?schema=9lives', 'must be a plain identifier'],
    ['postgres://u@h/db?schema=a%20b', 'must be a plain identifier'],
    ['postgres://u@h/db?schema=Tenant', 'must be a plain identifier'],
  ])('rejects %s with a reason', (url, reason) => {
    const parsed = parsePgUrl(url);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.reason).toContain(reason);
  });

  it('never echoes a password in its reasons', () => {
    const parsed = parsePgUrl('mysql://u:hunter2@h/db');
    expect(parsed.kind === 'invalid' && parsed.reason).not.toContain('hunter2');
  });
});

describe('withSchema', () => {
  it('sets or replaces the schema parameter', () => {
    expect(withSchema('postgres://u@h/db', 's1')).toBe('postgres://u@h/db?schema=s1');
    expect(withSchema('postgres://u@h/db?schema=s1&x=1', 's2')).toBe('postgres://u@h/db?schema=s2&x=1');
  });
});

describe('redactUrl', () => {
  it('masks the password and nothing else', () => {
    expect(redactUrl('postgres://u:p@h:1/db')).toBe('postgres://u:***@h:1/db');
    expect(redactUrl('postgres://u@h/db')).toBe('postgres://u@h/db');
  });
});
