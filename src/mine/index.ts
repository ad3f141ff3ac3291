export { createMiner, type MatchOutcome, type MineOutcome, type TemplateMiner } from './template-miner.js';
export type { MinedCluster } from './cluster.js';
export { DEFAULT_MINER, type MinerOptions } from './options.js';
export { BUILTIN_MASKS, type BuiltinMask, type CustomMask } from './masks.js';
export { fromTemplates, toTemplateFields, validateSnapshot, type MinerSnapshot, type SnapshotCluster } from './snapshot.js';
export { genericTemplate } from './template-text.js';
export type { Param } from './types.js';
