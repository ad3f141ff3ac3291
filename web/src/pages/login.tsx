import { useState, type FormEvent } from 'react';
import { ApiFailure } from '../api.js';
import { useAuth } from '../auth.js';
import { Field } from '../components/field.js';

export function LoginPage() {
  const { login, notice } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
    } catch (err) {
      setError(err instanceof ApiFailure ? { field: err.field, message: err.message } : { field: null, message: String(err) });
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (name: string) => (error?.field === name ? error.message : null);
  return (
    <main className="login" id="main">
      <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">LogTrack</h1>
        <p className="muted">Sign in to see incidents, alerts and logs.</p>
        {notice && !error ? <p className="notice" role="status">{notice}</p> : null}
        <Field label="User name" error={fieldError('username')}>
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </Field>
        <Field label="Password" error={fieldError('password')}>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </Field>
        {error && !error.field ? <p className="error" role="alert">{error.message}</p> : null}
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
