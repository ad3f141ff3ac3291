import type { MinedCluster } from './cluster.js';
import type { MinerOptions } from './options.js';

/** One cluster as persisted: exactly the columns the store's templates table carries. */
export interface SnapshotCluster {
  key: string;
  group: string;
  text: string;
  count: number;
  frozen: boolean;
  custom: boolean;
  id: number | null;
}

/** The miner's whole state as plain JSON; the Drain tree is rebuilt from the templates on restore. */
export interface MinerSnapshot {
  version: 1;
  options: Partial<MinerOptions>;
  clusters: SnapshotCluster[];
}

/** A snapshot of options and clusters, as plain JSON values. */
export function snapshotOf(o: MinerOptions, clusters: Iterable<MinedCluster>): MinerSnapshot {
  const rows: SnapshotCluster[] = [];
  for (const c of clusters) rows.push({ key: c.key, group: c.group, text: c.text, count: c.count, frozen: c.frozen, custom: c.custom, id: c.id });
  return { version: 1, options: { ...o, masks: [...o.masks], customMasks: o.customMasks.map((m) => ({ ...m })) }, clusters: rows };
}
