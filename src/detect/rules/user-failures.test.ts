import { describe, expect, it } from 'vitest';
import { createDetector } from './detector.js';
import { T0, feed, makeRule, minutes, rec } from './testing.js';

const failure = (minute: number, user: string, ip: string) =>
  rec({ ts: T0 + minutes(minute), service: 'sshd', message: `Failed password for ${user} from ${ip} port 22 ssh2` });

describe('user_failures rule', () => {
  const rule = (params = {}) => makeRule('user_failures', { threshold: 5, window_minutes: 10, ...params });

  it('fires at the fifth failure of one user within the window, not the fourth', () => {
    const four = [0, 1, 2, 3].map((m) => failure(m, 'root', '1.2.3.4'));
    expect(feed(createDetector(rule()), four)).toHaveLength(0);
    const five = [...four, failure(4, 'root', '1.2.3.4')];
    const alerts = feed(createDetector(rule()), five);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ scope: { user: 'root' }, observed: 5, threshold: 5, evidence: five.map((r) => r.id) });
    expect(alerts[0]!.message).toBe('5 failed authentications within 10 min for user root.');
  });

  it('does not add up failures of different users, nor failures spread wider than the window', () => {
    const users = ['a', 'b', 'c', 'd', 'e'].map((u, i) => failure(i, u, '1.2.3.4'));
    expect(feed(createDetector(rule()), users)).toHaveLength(0);
    const spread = [0, 3, 6, 9, 12].map((m) => failure(m, 'root', '1.2.3.4'));
    expect(feed(createDetector(rule()), spread)).toHaveLength(0);
  });

  it('groups by source address: one attacker trying many users', () => {
    const records = ['admin', 'test', 'oracle', 'guest', 'root'].map((u, i) => failure(i, u, '5.6.7.8'));
    const alerts = feed(createDetector(rule({ group_by: ['ip'] })), records);
    expect(alerts.map((a) => a.scope)).toEqual([{ ip: '5.6.7.8' }]);
  });

  it('skips failures with none of the grouped fields and lines that are not failures', () => {
    const anonymous = [0, 1, 2, 3, 4].map((m) => rec({ ts: T0 + minutes(m), message: 'Login failed' }));
    expect(feed(createDetector(rule()), anonymous)).toHaveLength(0);
    const accepted = [0, 1, 2, 3, 4].map((m) => rec({ ts: T0 + minutes(m), message: 'Accepted password for root from 1.2.3.4' }));
    expect(feed(createDetector(rule()), accepted)).toHaveLength(0);
  });

  it('counts HTTP 401s per client address', () => {
    const records = [0, 0.1, 0.2].map((m) => rec({ ts: T0 + minutes(m), service: 'web', message: 'POST /login', attrs: { status: 401, ip: '9.9.9.9' } }));
    const alerts = feed(createDetector(rule({ threshold: 3, group_by: ['ip'] })), records);
    expect(alerts.map((a) => a.scope)).toEqual([{ ip: '9.9.9.9' }]);
  });
});
