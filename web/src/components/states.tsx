/** Loading and error states, the same everywhere. */
import type { ReactNode } from 'react';
import type { Loaded } from '../hooks.js';

export function Async<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  if (state.error) return <p className="error" role="alert">{state.error}</p>;
  if (state.data === null) return <p className="muted" aria-live="polite">Loading…</p>;
  return <>{children(state.data)}</>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
