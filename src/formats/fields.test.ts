import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../domain/log-record.js';
import { createRecordBuilder, defaultRole, fieldSchema, type RecordEnv } from './fields.js';
import { timestampContext } from './timestamp.js';

const env: RecordEnv = { time: timestampContext({ now: Date.UTC(2025, 0, 1) }), fallbackService: 'fallback', file: 'app.log' };
const source = { file: 'app.log', line: 7, offset: 120 };

const build = (names: string[], values: (string | undefined)[], semantics = {}, recordEnv = env): LogRecord | string =>
  createRecordBuilder(fieldSchema(names, semantics), recordEnv).build(values, 0, source);

describe('field roles', () => {
  it.each([
    ['Level', 'level'], ['severity', 'level'], ['Component', 'service'], ['Program', 'service'], ['User', 'user'],
    ['Node', 'host'], ['Hostname', 'host'], ['Date', 'ts'], ['Timestamp', 'ts'], ['Month', 'ts'], ['Content', 'message'], ['Pid', 'attr'],
  ])('%s → %s', (name, role) => {
    expect(defaultRole(name)).toBe(role);
  });
});

describe('record builder', () => {
  it('maps header fields onto the record and keeps the rest in attrs', () => {
    const record = build(['Date', 'Time', 'Pid', 'Level', 'Component', 'User', 'Host', 'Content'], ['2024-01-15', '10:23:45', '42', 'warning', 'auth', 'alice', 'web-1', 'disk low']);
    expect(record).toEqual({
      ts: Date.UTC(2024, 0, 15, 10, 23, 45), service: 'auth', level: 'WARN', rawLevel: 'warning', user: 'alice', host: 'web-1',
      message: 'disk low', attrs: { Pid: '42' }, source,
    });
  });

  it('prefers the forced service, then the data, then the preset default, then the fallback', () => {
    const names = ['Time', 'Component', 'Content'];
    const values = ['2024-01-15 10:23:45', 'auth', 'x'];
    expect((build(names, values, {}, { ...env, service: 'forced' }) as LogRecord).service).toBe('forced');
    expect((build(names, values, { service: 'preset' }) as LogRecord).service).toBe('auth');
    expect((build(names, ['2024-01-15 10:23:45', '-', 'x'], { service: 'preset' }) as LogRecord).service).toBe('preset');
    expect((build(names, ['2024-01-15 10:23:45', '', 'x']) as LogRecord).service).toBe('fallback');
  });

  it('derives the level from the message when the format has no level field', () => {
    const record = build(['Time', 'Content'], ['2024-01-15 10:23:45', 'authentication failure for root']) as LogRecord;
    expect(record.level).toBe('ERROR');
    expect(record.rawLevel).toBeUndefined();
  });

  it('applies role overrides and explicit timestamp fields', () => {
    const record = build(['Label', 'Timestamp', 'Time', 'Level', 'Content'], ['-', '1117838570', '2005-06-03-15.42.50.675872', 'combo', 'x'], {
      roles: { Level: 'host' }, timestamp: ['Timestamp'],
    }) as LogRecord;
    expect(record.ts).toBe(1_117_838_570_000);
    expect(record.host).toBe('combo');
    expect(record.attrs).toEqual({ Label: '-', Time: '2005-06-03-15.42.50.675872' });
  });

  it('skips absent optional fields', () => {
    const record = build(['Time', 'PID', 'Content'], ['2024-01-15 10:23:45', undefined, 'x']) as LogRecord;
    expect(record.attrs).toEqual({});
  });

  it('copies key=value pairs of the message when asked, user= also setting the user', () => {
    const record = build(['Time', 'Content'], ['2024-01-15 10:23:45', 'user=alice Login failed reason="bad password" n=3'], { keyValues: true }) as LogRecord;
    expect(record.user).toBe('alice');
    expect(record.attrs).toEqual({ user: 'alice', reason: 'bad password', n: '3' });
    expect(record.message).toBe('user=alice Login failed reason="bad password" n=3');
  });

  it('rejects an unreadable timestamp, also when it repeats', () => {
    const builder = createRecordBuilder(fieldSchema(['Time', 'Content']), env);
    expect(builder.build(['yesterday', 'x'], 0, source)).toBe('invalid timestamp');
    expect(builder.build(['yesterday', 'y'], 0, source)).toBe('invalid timestamp');
    expect(builder.build(['2024-01-15 10:23:45', 'z'], 0, source)).toMatchObject({ ts: Date.UTC(2024, 0, 15, 10, 23, 45), message: 'z' });
  });

  it('refuses a schema without timestamp fields or with unknown timestamp names', () => {
    expect(() => fieldSchema(['Level', 'Content'])).toThrow(/no timestamp/);
    expect(() => fieldSchema(['Time', 'Content'], { timestamp: ['Stamp'] })).toThrow(/not all in/);
  });

  it('uses the last field as the message when none is named so', () => {
    const record = build(['Time', 'Rest'], ['2024-01-15 10:23:45', 'the rest']) as LogRecord;
    expect(record.message).toBe('the rest');
  });
});
