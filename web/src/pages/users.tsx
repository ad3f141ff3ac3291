/** Accounts (admins only): create, change role, reset password, delete; and API tokens. */
import { useState, type FormEvent } from 'react';
import type { TokenCreated, TokenView, UserView } from '../../../src/api/types.js';
import { firstError } from '../../../src/api/messages.js';
import { ROLES, UserCreateBody } from '../../../src/api/schemas.js';
import type { Role } from '../../../src/store/store.js';
import { ApiFailure, send } from '../api.js';
import { useUser } from '../auth.js';
import { Field } from '../components/field.js';
import { Async, Empty } from '../components/states.js';
import { formatShortTime } from '../format.js';
import { useAction, useApi } from '../hooks.js';

export function UsersPage() {
  const me = useUser();
  const users = useApi<UserView[]>(me.role === 'admin' ? '/users' : null);
  const tokens = useApi<TokenView[]>('/tokens');
  const { error, run: act } = useAction(() => {
    users.reload();
    tokens.reload();
  });
  if (me.role !== 'admin') return <p className="error" role="alert">Only admins manage users.</p>;
  const names = new Map(users.data?.map((u) => [u.id, u.name]));

  return (
    <>
      <div className="page-head"><h1>Users</h1></div>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <Async state={users}>
        {(rows) => (
          <table>
            <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Created</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {rows.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}{u.id === me.id ? <span className="muted"> (you)</span> : null}</td>
                  <td>
                    <label className="sr-only" htmlFor={`role-${u.id}`}>Role of {u.name}</label>
                    <select id={`role-${u.id}`} value={u.role} onChange={(e) => void act(() => send('PATCH', `/users/${u.id}`, { role: e.target.value }))}>
                      {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                    </select>
                  </td>
                  <td className="nowrap">{formatShortTime(u.createdAt)}</td>
                  <td className="nowrap">
                    <PasswordReset user={u} onSave={(password) => act(() => send('PATCH', `/users/${u.id}`, { password }))} />{' '}
                    <button type="button" className="small danger" disabled={u.id === me.id} onClick={() => {
                      if (window.confirm(`Delete ${u.name}, their sessions and tokens?`)) void act(() => send('DELETE', `/users/${u.id}`));
                    }}>Delete</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Async>
      <NewUser onCreated={() => users.reload()} />
      <section className="panel" aria-labelledby="tokens-title">
        <h2 id="tokens-title">API tokens</h2>
        <NewToken onCreated={() => tokens.reload()} />
        <Async state={tokens}>
          {(rows) => rows.length === 0 ? <Empty>No API tokens.</Empty> : (
            <table>
              <thead><tr><th scope="col">Token</th><th scope="col">User</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {rows.map((t) => (
                  <tr key={t.id}>
                    <td>{t.name}</td>
                    <td>{names.get(t.userId) ?? `#${t.userId}`}</td>
                    <td className="nowrap">{formatShortTime(t.createdAt)}</td>
                    <td className="nowrap">{t.lastUsedAt ? formatShortTime(t.lastUsedAt) : 'never'}</td>
                    <td><button type="button" className="small danger" onClick={() => void act(() => send('DELETE', `/tokens/${t.id}`))}>Revoke</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Async>
      </section>
    </>
  );
}

/** A password field that opens in the row; the password is typed, never shown. */
function PasswordReset({ user, onSave }: { user: UserView; onSave(password: string): Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  if (!open) return <button type="button" className="small" onClick={() => setOpen(true)}>Reset password</button>;
  return (
    <form className="inline-edit" onSubmit={(e) => { e.preventDefault(); void onSave(password).then(() => { setOpen(false); setPassword(''); }); }}>
      <label className="sr-only" htmlFor={`pw-${user.id}`}>New password for {user.name}</label>
      <input id={`pw-${user.id}`} type="password" autoComplete="new-password" minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
      <button type="submit" className="small">Save</button>
      <button type="button" className="small" onClick={() => setOpen(false)}>Cancel</button>
    </form>
  );
}

function NewUser({ onCreated }: { onCreated(): void }) {
  const [form, setForm] = useState({ name: '', role: 'viewer' as Role, password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function submit(e: FormEvent) {
    e.preventDefault();
    const checked = UserCreateBody.safeParse(form);
    if (!checked.success) {
      const { field, message } = firstError(checked.error, form);
      return setErrors({ [field ?? 'form']: message });
    }
    try {
      await send('POST', '/users', form);
      setForm({ name: '', role: 'viewer', password: '' });
      setErrors({});
      onCreated();
    } catch (err) {
      setErrors({ [err instanceof ApiFailure && err.field ? err.field : err instanceof ApiFailure && err.status === 409 ? 'name' : 'form']: err instanceof Error ? err.message : String(err) });
    }
  }
  return (
    <section className="panel" aria-labelledby="new-user-title">
      <h2 id="new-user-title">Add a user</h2>
      <form className="row" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Name" error={errors.name}><input value={form.name} autoComplete="off" onChange={(e) => setForm({ ...form, name: e.target.value })} /></Field>
        <Field label="Role" error={errors.role}>
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>{ROLES.map((r) => <option key={r}>{r}</option>)}</select>
        </Field>
        <Field label="Password" error={errors.password}><input type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} /></Field>
        <button type="submit" className="primary align-end">Add user</button>
      </form>
      {errors.form ? <p className="error" role="alert">{errors.form}</p> : null}
    </section>
  );
}

function NewToken({ onCreated }: { onCreated(): void }) {
  const [name, setName] = useState('');
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      setCreated(await send<TokenCreated>('POST', '/tokens', { name }));
      setName('');
      setError(null);
      onCreated();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <>
      <form className="row" onSubmit={(e) => void submit(e)}>
        <Field label="New token for you, named" error={error}><input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. grafana" /></Field>
        <button type="submit" className="align-end">Create token</button>
      </form>
      {created ? (
        <p className="notice" role="status">
          Token <strong>{created.name}</strong>: <code className="secret">{created.token}</code> — copy it now, it is not shown again.
        </p>
      ) : null}
    </>
  );
}
