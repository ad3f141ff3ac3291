import { describe, expect, it } from 'vitest';
import { groupSessions, HDFS_BLOCK_SESSION, parseSessionKey, sessionOf } from './sessions.js';
import type { MlRecord } from './types.js';

const rec = (message: string, extra: Partial<MlRecord> = {}): MlRecord => ({ ts: 0, service: 'hdfs', level: 'INFO', templateId: 0, params: [], message, ...extra });

describe('sessions', () => {
  it('groups records by HDFS block id, in order of first appearance', () => {
    const records = [
      rec('Receiving block blk_-16 src: /10.0.0.1'),
      rec('Receiving block blk_77 src: /10.0.0.2'),
      rec('no block here'),
      rec('PacketResponder for block blk_-16 terminating'),
    ];
    const groups = groupSessions(records, sessionOf(HDFS_BLOCK_SESSION));
    expect([...groups]).toEqual([
      ['blk_-16', [0, 3]],
      ['blk_77', [1]],
    ]);
  });

  it('keys by a field or by service', () => {
    expect(sessionOf({ kind: 'field', field: 'requestId' })(rec('x', { attrs: { requestId: 'r-1' } }))).toBe('r-1');
    expect(sessionOf({ kind: 'field', field: 'user' })(rec('x', { user: 'bob' }))).toBe('bob');
    expect(sessionOf({ kind: 'field', field: 'requestId' })(rec('x'))).toBeNull();
    expect(sessionOf({ kind: 'service' })(rec('x'))).toBe('hdfs');
  });

  it('parses session keys, with a reason for a bad pattern', () => {
    expect(parseSessionKey('service')).toEqual({ ok: true, key: { kind: 'service' } });
    expect(parseSessionKey('field:requestId')).toEqual({ ok: true, key: { kind: 'field', field: 'requestId' } });
    expect(parseSessionKey('blk_-?\\d+')).toEqual({ ok: true, key: { kind: 'regex', pattern: 'blk_-?\\d+' } });
    const bad = parseSessionKey('regex:(unclosed');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/not a valid regular expression/);
  });
});
