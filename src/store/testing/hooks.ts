/** Vitest hooks shared by the store contract tests. */
import { afterAll, afterEach, beforeEach } from 'vitest';
import type { Store } from '../store.js';
import type { TestBackend } from './backends.js';

/** Register hooks giving each test of the enclosing describe a fresh, empty store; returns its getter. */
export function freshStorePerTest(backend: TestBackend): () => Store {
  let store: Store | undefined;
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  afterAll(() => backend.cleanup());
  return () => {
    if (!store) throw new Error('the store is only available inside a test');
    return store;
  };
}
