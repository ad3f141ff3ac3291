import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../store/store.js';
import { BACKENDS } from '../../store/testing/backends.js';
import { changeAccount, createAccount, deleteAccount, issueToken } from './accounts.js';
import { ARGON2_OPTIONS, verifyPassword } from './password.js';
import { sha256 } from './secrets.js';

for (const backend of BACKENDS) {
  describe(`accounts (${backend.name})`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await backend.open();
    });
    afterEach(() => store.close());
    afterAll(() => backend.cleanup());

    it('stores an argon2id hash with the explicit parameters, never the password', async () => {
      const outcome = await createAccount(store, { name: 'ada', role: 'admin', password: 'correct horse' });
      expect(outcome.kind).toBe('created');
      const user = (await store.getUserByName('ada'))!;
      expect(user.passwordHash).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${ARGON2_OPTIONS.memoryCost},t=${ARGON2_OPTIONS.timeCost},p=${ARGON2_OPTIONS.parallelism}\\$`));
      expect(user.passwordHash).not.toContain('correct horse');
      expect(await verifyPassword(user.passwordHash, 'correct horse')).toBe(true);
      expect(await verifyPassword(user.passwordHash, 'correct horsE')).toBe(false);
    });

    it('refuses duplicates, bad names and short passwords as values', async () => {
      await createAccount(store, { name: 'ada', role: 'admin', password: 'correct horse' });
      expect(await createAccount(store, { name: 'ada', role: 'viewer', password: 'correct horse' })).toEqual({ kind: 'exists', name: 'ada' });
      expect(await createAccount(store, { name: 'a b', role: 'viewer', password: 'correct horse' })).toEqual({
        kind: 'invalid', message: 'name may only use letters, digits and _ . @ -',
      });
      expect(await createAccount(store, { name: 'bo', role: 'viewer', password: 'short' })).toEqual({
        kind: 'invalid', message: 'password must be at least 8 characters',
      });
    });

    it('changes a password and keeps the last admin an admin', async () => {
      const ada = await createAccount(store, { name: 'ada', role: 'admin', password: 'correct horse' });
      if (ada.kind !== 'created') throw new Error('setup');
      const changed = await changeAccount(store, ada.user.id, { password: 'new password!' });
      expect(changed.kind).toBe('changed');
      expect(await verifyPassword((await store.getUser(ada.user.id))!.passwordHash, 'new password!')).toBe(true);
      expect(await changeAccount(store, ada.user.id, { role: 'viewer' })).toEqual({
        kind: 'invalid', message: 'ada is the last admin: make another admin first',
      });
      expect(await deleteAccount(store, ada.user.id)).toEqual({ kind: 'last_admin', name: 'ada' });
      expect((await changeAccount(store, 999, { role: 'viewer' })).kind).toBe('not_found');
    });

    it('issues tokens stored as SHA-256 only', async () => {
      await createAccount(store, { name: 'vic', role: 'viewer', password: 'correct horse' });
      const outcome = await issueToken(store, { userName: 'vic', name: 'grafana' });
      if (outcome.kind !== 'issued') throw new Error('expected a token');
      expect(outcome.record.tokenHash).toBe(sha256(outcome.token));
      expect((await store.findApiToken(sha256(outcome.token)))?.name).toBe('grafana');
      expect(await issueToken(store, { userName: 'nobody', name: 'x' })).toEqual({ kind: 'not_found', name: 'nobody' });
    });

    it('deletes an account with its tokens', async () => {
      await createAccount(store, { name: 'ada', role: 'admin', password: 'correct horse' });
      const vic = await createAccount(store, { name: 'vic', role: 'viewer', password: 'correct horse' });
      if (vic.kind !== 'created') throw new Error('setup');
      const token = await issueToken(store, { userName: 'vic', name: 't' });
      if (token.kind !== 'issued') throw new Error('setup');
      expect((await deleteAccount(store, vic.user.id)).kind).toBe('deleted');
      expect(await store.findApiToken(sha256(token.token))).toBeNull();
    });
  });
}
