import { describe, expect, it } from 'vitest';
import { failureIdentity, failureMatcher, ipFromMessage, userFromMessage } from './auth-failures.js';
import { T0, rec } from './testing.js';

const log = (message: string, fields = {}) => rec({ ts: T0, service: 'sshd', message, ...fields });

describe('failureMatcher', () => {
  const m = failureMatcher();

  it.each([
    'Failed password for root from 183.62.140.253 port 41110 ssh2',
    'Failed password for invalid user admin from 5.36.59.76 port 42393 ssh2',
    'Invalid user webmaster from 173.234.31.186',
    'sshd[24200]: Invalid user webmaster from 173.234.31.186',
    'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=112.95.230.3  user=root',
    'Authentication failed from 163.27.187.39 (163.27.187.39): Software caused connection abort',
    'Login failed: invalid password from 203.0.113.77',
    "Access denied for user 'root'@'localhost' (using password: YES)",
  ])('recognises %s', (message) => {
    expect(m.isFailure(log(message))).toBe(true);
  });

  it.each([
    'input_userauth_request: invalid user webmaster [preauth]',
    'Accepted password for alice from 10.0.0.1 port 22 ssh2',
    'PAM 4 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4',
    'Login succeeded from 10.1.2.3',
  ])('does not count %s', (message) => {
    expect(m.isFailure(log(message))).toBe(false);
  });

  it('counts HTTP 401/403 in access logs, whatever the type of the status', () => {
    expect(m.isFailure(log('GET /admin', { attrs: { status: 401 } }))).toBe(true);
    expect(m.isFailure(log('GET /admin', { attrs: { status: '403' } }))).toBe(true);
    expect(m.isFailure(log('GET /admin', { attrs: { status: 404 } }))).toBe(false);
  });

  it('counts failed CloudTrail console logins', () => {
    const failed = { eventName: 'ConsoleLogin', responseElements: { ConsoleLogin: 'Failure' }, errorMessage: 'Failed authentication' };
    expect(m.isFailure(log('ConsoleLogin', { attrs: failed }))).toBe(true);
    expect(m.isFailure(log('ConsoleLogin', { attrs: { eventName: 'ConsoleLogin', responseElements: { ConsoleLogin: 'Success' } } }))).toBe(false);
  });

  it('uses custom patterns instead of the defaults', () => {
    const custom = failureMatcher({ patterns: ['\\bwrong pin\\b'], httpStatuses: [] });
    expect(custom.isFailure(log('wrong PIN entered'))).toBe(true);
    expect(custom.isFailure(log('Failed password for root from 1.2.3.4'))).toBe(false);
    expect(custom.isFailure(log('GET /', { attrs: { status: 401 } }))).toBe(false);
  });
});

describe('failureIdentity', () => {
  it('extracts user and address from sshd and PAM lines', () => {
    expect(failureIdentity(log('Failed password for invalid user admin from 5.36.59.76 port 42393 ssh2'))).toEqual({ service: 'sshd', user: 'admin', ip: '5.36.59.76' });
    expect(failureIdentity(log('Failed password for root from 183.62.140.253 port 41110 ssh2'))).toEqual({ service: 'sshd', user: 'root', ip: '183.62.140.253' });
    expect(failureIdentity(log('authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=zummit.com  user=guest'))).toEqual({ service: 'sshd', user: 'guest', ip: 'zummit.com' });
  });

  it('prefers the record user and address attributes', () => {
    expect(failureIdentity(log('Login failed for user=bob', { user: 'carol', attrs: { ip: '10.0.0.9' } }))).toEqual({ service: 'sshd', user: 'carol', ip: '10.0.0.9' });
    expect(failureIdentity(log('GET /', { user: '-', attrs: { status: 401, remote_addr: '1.1.1.1' } }))).toEqual({ service: 'sshd', ip: '1.1.1.1' });
  });

  it('reads CloudTrail identities', () => {
    const attrs = { eventName: 'ConsoleLogin', sourceIPAddress: '198.51.100.7', userIdentity: { type: 'IAMUser', userName: 'deploy' } };
    expect(failureIdentity(log('ConsoleLogin', { attrs }))).toEqual({ service: 'sshd', user: 'deploy', ip: '198.51.100.7' });
  });

  it('finds users and addresses in free text', () => {
    expect(userFromMessage('Login failed for user alice')).toBe('alice');
    expect(userFromMessage("Access denied for user 'root'@'localhost'")).toBe('root');
    expect(userFromMessage('nothing here')).toBeUndefined();
    expect(ipFromMessage('Failed password for root from ::1 port 22')).toBe('::1');
    expect(ipFromMessage('authentication failure; rhost=  user=root')).toBeUndefined();
  });
});
