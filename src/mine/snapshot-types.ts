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
