/** Vitest hooks shared by the store contract tests. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { openStore } from '../open.js';
import type { Store } from '../store.js';
import type { TestBackend } from './backends.js';

/**
 * Register hooks giving each test of the enclosing describe an empty store; returns its getter.
 * One store is opened for the describe and emptied before each test, which is several times
 * cheaper than migrating a new one (a new PostgreSQL schema costs about 20 DDL statements).
 */
export function emptyStorePerTest(backend: TestBackend): () => Store {
  let location = '';
  let store: Store | undefined;
  beforeAll(async () => {
    location = await backend.freshLocation();
    store = await openStore(location);
  });
  beforeEach(() => backend.empty(location));
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });
  return () => {
    if (!store) throw new Error('the store is only available inside a test');
    return store;
  };
}
