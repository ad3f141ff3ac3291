import { describe, expect, it } from 'vitest';
import type { User } from '../../store/store.js';
import { decideAccess, type Caller } from './access.js';

const user = (role: User['role']): User => ({ id: 1, name: role, role, passwordHash: 'x', createdAt: 0 });
const session = (role: User['role']): Caller => ({ kind: 'session', user: user(role), sessionKey: 'k', csrf: 'csrf-1' });
const token = (role: User['role']): Caller => ({ kind: 'token', user: user(role), tokenId: 1 });

describe('decideAccess', () => {
  it('lets anyone reach public endpoints', () => {
    expect(decideAccess({ access: 'public', method: 'POST', caller: { kind: 'anonymous' }, csrfHeader: undefined })).toEqual({ kind: 'allow' });
  });

  it('asks anonymous callers to sign in, and passes on why a credential was rejected', () => {
    expect(decideAccess({ access: 'viewer', method: 'GET', caller: { kind: 'anonymous' }, csrfHeader: undefined })).toMatchObject({ status: 401 });
    const expired = decideAccess({ access: 'viewer', method: 'GET', caller: { kind: 'rejected', reason: 'session expired' }, csrfHeader: undefined });
    expect(expired).toEqual({ kind: 'deny', status: 401, error: 'session expired' });
  });

  it('lets viewers read but not administer', () => {
    expect(decideAccess({ access: 'viewer', method: 'GET', caller: session('viewer'), csrfHeader: undefined })).toEqual({ kind: 'allow' });
    expect(decideAccess({ access: 'admin', method: 'GET', caller: session('viewer'), csrfHeader: undefined })).toEqual({
      kind: 'deny', status: 403, error: 'this action needs the admin role',
    });
    expect(decideAccess({ access: 'admin', method: 'POST', caller: session('admin'), csrfHeader: 'csrf-1' })).toEqual({ kind: 'allow' });
  });

  it('requires the matching CSRF header for state changes over a session', () => {
    const write = (csrfHeader: string | undefined) => decideAccess({ access: 'viewer', method: 'POST', caller: session('admin'), csrfHeader });
    expect(write(undefined)).toMatchObject({ status: 403, error: 'missing or wrong x-csrf-token header' });
    expect(write('csrf-2')).toMatchObject({ status: 403 });
    expect(write('csrf-1')).toEqual({ kind: 'allow' });
    expect(decideAccess({ access: 'viewer', method: 'DELETE', caller: session('admin'), csrfHeader: undefined })).toMatchObject({ status: 403 });
  });

  it('checks CSRF before the role, so a forged request learns nothing about permissions', () => {
    expect(decideAccess({ access: 'admin', method: 'PUT', caller: session('viewer'), csrfHeader: undefined })).toMatchObject({
      error: 'missing or wrong x-csrf-token header',
    });
  });

  it('needs no CSRF header for bearer tokens, but still checks the role', () => {
    expect(decideAccess({ access: 'viewer', method: 'POST', caller: token('viewer'), csrfHeader: undefined })).toEqual({ kind: 'allow' });
    expect(decideAccess({ access: 'admin', method: 'POST', caller: token('viewer'), csrfHeader: undefined })).toMatchObject({ status: 403 });
  });
});
