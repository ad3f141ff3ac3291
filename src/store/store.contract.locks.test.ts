/**
 * Store contract, part 5: named locks. Holders of one name never overlap, whether they share a
 * store instance or not; different names are independent; a failing holder releases the lock.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './open.js';
import type { Store } from './store.js';
import { BACKENDS } from './testing/backends.js';
import { sleep } from './testing/fixtures.js';

/** Run `holders` under one lock name at once; return the enter/exit timeline. */
async function contend(stores: Store[], name: string, holders: number): Promise<string[]> {
  const timeline: string[] = [];
  await Promise.all(
    Array.from({ length: holders }, (_, i) =>
      stores[i % stores.length]!.withLock(name, async () => {
        timeline.push(`enter ${i}`);
        await sleep(15);
        timeline.push(`exit ${i}`);
      }),
    ),
  );
  return timeline;
}

/** True when every "enter i" is immediately followed by its own "exit i". */
function serialised(timeline: string[]): boolean {
  for (let i = 0; i < timeline.length; i += 2) {
    const [enter, exit] = [timeline[i]!, timeline[i + 1]];
    if (!enter.startsWith('enter ') || exit !== `exit ${enter.slice(6)}`) return false;
  }
  return true;
}

for (const backend of BACKENDS) {
  describe(`${backend.name}: withLock`, () => {
    afterAll(() => backend.cleanup());

    it('never lets two holders of one name overlap, within one store or across two', async () => {
      const location = await backend.freshLocation();
      const [a, b] = [await openStore(location), await openStore(location)];
      try {
        const single = await contend([a], 'detect', 4);
        const across = await contend([a, b], 'detect', 6);
        expect(single).toHaveLength(8);
        expect(serialised(single)).toBe(true);
        expect(across).toHaveLength(12);
        expect(serialised(across)).toBe(true);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('lets a holder of one name take another, and returns what the holder returns', async () => {
      const store = await backend.open();
      try {
        expect(await store.withLock('outer', () => store.withLock('inner', async () => 42))).toBe(42);
      } finally {
        await store.close();
      }
    });

    it('releases the lock when the holder throws', async () => {
      const store = await backend.open();
      try {
        await expect(store.withLock('job', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
        expect(await store.withLock('job', async () => 'next holder got in')).toBe('next holder got in');
      } finally {
        await store.close();
      }
    });
  });
}
