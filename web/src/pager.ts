/** Cursor pages accumulated into one list, with "Load more". */
import { useCallback, useEffect, useState } from 'react';
import type { Page } from '../../src/api/types.js';
import { ApiFailure, get } from './api.js';

export interface Paged<T> {
  rows: T[];
  error: string | null;
  loading: boolean;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
  /** Put rows in front (live tail) keeping at most `cap`. */
  prepend(rows: T[], cap: number): void;
  replace(row: T, same: (a: T, b: T) => boolean): void;
}

export function usePaged<T>(path: string, query: Record<string, string | number | undefined>): Paged<T> {
  const key = JSON.stringify(query);
  const [rows, setRows] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  const fetchPage = useCallback(
    async (after: string | null, append: boolean) => {
      setLoading(true);
      try {
        const page = await get<Page<T>>(path, { ...query, cursor: after ?? undefined });
        setRows((old) => (append ? [...old, ...page.rows] : page.rows));
        setCursor(page.nextCursor);
        setError(null);
      } catch (err) {
        setError(err instanceof ApiFailure ? err.message : String(err));
      } finally {
        setLoading(false);
      }
    },
    // `key` stands for the query (a fresh object each render must not refetch).
    [path, key],
  );

  useEffect(() => {
    void fetchPage(null, false);
  }, [fetchPage, generation]);

  return {
    rows,
    error,
    loading,
    hasMore: cursor !== null,
    loadMore: () => void fetchPage(cursor, true),
    reload: () => setGeneration((g) => g + 1),
    prepend: (fresh, cap) => setRows((old) => [...fresh, ...old].slice(0, cap)),
    replace: (row, same) => setRows((old) => old.map((r) => (same(r, row) ? row : r))),
  };
}
