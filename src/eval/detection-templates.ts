/**
 * Template ids for evaluation inputs, from our Drain miner (src/mine). Lines are mined in order;
 * ids are assigned by the cluster each line ends up in once all lines are seen (a cluster merged
 * into another takes the other's id).
 */
import { createMiner } from '../mine/template-miner.js';

export interface MinedLines {
  templateIds: Int32Array;
  params: string[][];
  /** Template text per id. */
  texts: string[];
}

export function mineLines(lines: Iterable<{ message: string; group: string }>): MinedLines {
  const miner = createMiner();
  const keys: string[] = [];
  const params: string[][] = [];
  for (const { message, group } of lines) {
    const out = miner.add(message, group);
    keys.push(out.cluster.key);
    params.push(out.params.map((p) => p.value));
  }
  const byKey = new Map([...miner.clusters()].map((c) => [c.key, c]));
  const finalKey = (key: string): string => {
    let k = key;
    for (let hops = 0; hops < 100; hops++) {
      const next = byKey.get(k)?.mergedInto;
      if (!next) break;
      k = next;
    }
    return k;
  };
  const ids = new Map<string, number>();
  const texts: string[] = [];
  const templateIds = Int32Array.from(keys, (key) => {
    const k = finalKey(key);
    let id = ids.get(k);
    if (id === undefined) {
      id = ids.size;
      ids.set(k, id);
      texts.push(byKey.get(k)?.text ?? k);
    }
    return id;
  });
  return { templateIds, params, texts };
}
