/**
 * Managing accounts and API tokens: shared by `logtrack users` and the users API. Inputs are
 * checked with the API's schemas; every outcome is a tagged value, never an exception.
 */
import { NewPassword, UserName } from '../../api/schemas.js';
import { describeIssue } from '../../api/messages.js';
import type { ApiToken, Role, Store, User } from '../../store/store.js';
import { hashPassword } from './password.js';
import { newApiToken, sha256 } from './secrets.js';
import type { z } from 'zod';

export type CreateOutcome = { kind: 'created'; user: User } | { kind: 'exists'; name: string } | { kind: 'invalid'; message: string };
export type ChangeOutcome = { kind: 'changed'; user: User } | { kind: 'not_found'; name: string } | { kind: 'invalid'; message: string };
export type DeleteOutcome = { kind: 'deleted'; user: User } | { kind: 'not_found'; name: string } | { kind: 'last_admin'; name: string };
export type TokenOutcome = { kind: 'issued'; token: string; record: ApiToken } | { kind: 'not_found'; name: string };

export async function createAccount(store: Store, input: { name: string; role: Role; password: string }): Promise<CreateOutcome> {
  const name = check(UserName, input.name, 'name');
  if (name.kind === 'invalid') return name;
  const password = check(NewPassword, input.password, 'password');
  if (password.kind === 'invalid') return password;
  if (await store.getUserByName(name.value)) return { kind: 'exists', name: name.value };
  const user = await store.createUser({ name: name.value, role: input.role, passwordHash: await hashPassword(password.value) });
  return { kind: 'created', user };
}

export async function changeAccount(store: Store, id: number, patch: { role?: Role; password?: string }): Promise<ChangeOutcome> {
  const user = await store.getUser(id);
  if (!user) return { kind: 'not_found', name: `#${id}` };
  if (patch.role === 'viewer' && user.role === 'admin' && (await adminCount(store)) <= 1) {
    return { kind: 'invalid', message: `${user.name} is the last admin: make another admin first` };
  }
  let passwordHash: string | undefined;
  if (patch.password !== undefined) {
    const password = check(NewPassword, patch.password, 'password');
    if (password.kind === 'invalid') return password;
    passwordHash = await hashPassword(password.value);
  }
  const updated = await store.updateUser(id, { role: patch.role, passwordHash });
  return updated ? { kind: 'changed', user: updated } : { kind: 'not_found', name: user.name };
}

/** Deleting an account also ends its sessions and revokes its tokens; the last admin stays. */
export async function deleteAccount(store: Store, id: number): Promise<DeleteOutcome> {
  const user = await store.getUser(id);
  if (!user) return { kind: 'not_found', name: `#${id}` };
  if (user.role === 'admin' && (await adminCount(store)) <= 1) return { kind: 'last_admin', name: user.name };
  await store.deleteUser(id);
  return { kind: 'deleted', user };
}

export async function issueToken(store: Store, input: { userName: string; name: string }): Promise<TokenOutcome> {
  const user = await store.getUserByName(input.userName);
  if (!user) return { kind: 'not_found', name: input.userName };
  const token = newApiToken();
  const record = await store.createApiToken({ userId: user.id, name: input.name, tokenHash: sha256(token) });
  return { kind: 'issued', token, record };
}

async function adminCount(store: Store): Promise<number> {
  return (await store.listUsers()).filter((u) => u.role === 'admin').length;
}

function check<T>(schema: z.ZodType<T>, value: unknown, field: string): { kind: 'valid'; value: T } | { kind: 'invalid'; message: string } {
  const result = schema.safeParse(value);
  if (result.success) return { kind: 'valid', value: result.data };
  return { kind: 'invalid', message: describeIssue({ ...result.error.issues[0]!, path: [field] }, { [field]: value }).message };
}
