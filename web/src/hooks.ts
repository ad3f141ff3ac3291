/** Loading data: `useApi(path, query)` refetches when the path or query changes. */
import { useCallback, useEffect, useState } from 'react';
import { ApiFailure, get } from './api.js';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

export function useApi<T>(path: string | null, query?: Record<string, string | number | boolean | undefined>): Loaded<T> {
  const key = path === null ? null : `${path}|${JSON.stringify(query ?? {})}`;
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    get<T>(path, query).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (err: unknown) => live && setState({ data: null, error: err instanceof ApiFailure ? err.message : String(err), loading: false }),
    );
    return () => {
      live = false;
    };
    // `key` stands for path and query (a fresh query object each render must not refetch).
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** A change made through the API: on success `done` runs (a reload, say); a failure keeps its message to show. */
export function useAction(done: () => void): { error: string | null; run: (change: () => Promise<unknown>) => Promise<void> } {
  const [error, setError] = useState<string | null>(null);
  const run = async (change: () => Promise<unknown>) => {
    try {
      await change();
      setError(null);
      done();
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : String(err));
    }
  };
  return { error, run };
}
