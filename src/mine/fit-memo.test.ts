import { describe, expect, it } from 'vitest';
import { Cluster } from './cluster.js';
import { FitMemo } from './fit-memo.js';
import { createMiner } from './template-miner.js';

const cluster = (n: number) => new Cluster(`k${n}`, '', new Int32Array(n), [], new Int32Array(n));

describe('the fit memo', () => {
  it('returns a fit until a cluster of the same token count changes', () => {
    const memo = new FitMemo();
    const c = cluster(3);
    memo.set(7, 3, 'g', c);
    expect(memo.get(7, 3, 'g')).toBe(c);
    expect(memo.get(7, 3, 'other group')).toBeNull();
    memo.invalidate(4);
    expect(memo.get(7, 3, 'g')).toBe(c);
    memo.invalidate(3);
    expect(memo.get(7, 3, 'g')).toBeNull();
  });

  it('never answers for another shape that shares its slot', () => {
    const memo = new FitMemo();
    memo.set(5, 2, '', cluster(2));
    expect(memo.get(5 + 4096, 2, '')).toBeNull();
  });
});

describe('mining with remembered fits', () => {
  // The third line of a shape is the first whose fit is remembered (line-cache.ts); later ones use it.
  const repeat = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

  it('sends a line of a remembered shape to a custom template added since', () => {
    const miner = createMiner();
    for (const l of repeat(4, (i) => `session ${1000 + i} opened for bob on tty`)) miner.add(l);
    const custom = miner.addCustom('session <NUM> opened for <*> on tty');
    expect(miner.add('session 2000 opened for bob on tty').cluster).toBe(custom);
  });

  it('sends a line of a remembered shape to a cluster that generalised to fit it more closely', () => {
    const snapshot = createMiner().snapshot();
    snapshot.clusters = [
      { key: 'wide', group: '', text: 'a <*> <*> d', count: 1, frozen: false, custom: false, id: null },
      { key: 'narrow', group: '', text: 'a b c e', count: 1, frozen: false, custom: false, id: null },
    ];
    const miner = createMiner({ wordVariety: 1 }, snapshot);
    for (let i = 0; i < 4; i++) expect(miner.add('a b c d').cluster.key).toBe('wide');
    expect(miner.add('a b c f')).toMatchObject({ kind: 'changed', cluster: { key: 'narrow', text: 'a b c <*>' } });
    expect(miner.add('a b c d').cluster.key).toBe('narrow');
  });

  it('finds no evicted cluster', () => {
    const miner = createMiner({ maxClusters: 1 });
    const first = repeat(4, (i) => miner.add(`alpha ${i} beta`).cluster)[0];
    miner.add('gamma delta 3 epsilon zeta');
    const again = miner.add('alpha 7 beta');
    expect(again.kind).toBe('created');
    expect(again.cluster).not.toBe(first);
  });
});
