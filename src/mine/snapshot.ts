/**
 * The store's templates table is the miner's persisted state: a snapshot converts to and from its rows.
 * Restoring rebuilds the Drain tree from the template texts (see createMiner).
 */
import type { Template } from '../domain/template.js';
import type { MinerOptions } from './options.js';
import type { MinerSnapshot, SnapshotCluster } from './snapshot-types.js';

export type { MinerSnapshot, SnapshotCluster } from './snapshot-types.js';

/**
 * A snapshot from the store's template rows. Rows are taken in id order (the order the store first saw
 * them), so ties between equal templates resolve the same way on every restore.
 */
export function fromTemplates(templates: readonly Template[], options: Partial<MinerOptions> = {}): MinerSnapshot {
  const clusters = [...templates]
    .sort((a, b) => a.id - b.id)
    .map((t): SnapshotCluster => ({ key: t.key, group: t.service, text: t.text, count: t.count, frozen: t.frozen, custom: t.custom, id: t.id }));
  return { version: 1, options, clusters };
}

/** The rows a snapshot's clusters map to (fields the miner does not know are left for the store to fill). */
export function toTemplateFields(snapshot: MinerSnapshot): Pick<Template, 'key' | 'service' | 'text' | 'count' | 'frozen' | 'custom'>[] {
  return snapshot.clusters.map((c) => ({ key: c.key, service: c.group, text: c.text, count: c.count, frozen: c.frozen, custom: c.custom }));
}

/** Check that a parsed JSON value is a snapshot this version can restore; returns a reason when not. */
export function validateSnapshot(value: unknown): { ok: true; snapshot: MinerSnapshot } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'snapshot is not an object' };
  const s = value as Partial<MinerSnapshot>;
  if (s.version !== 1) return { ok: false, reason: `unsupported snapshot version ${String(s.version)}` };
  if (!Array.isArray(s.clusters)) return { ok: false, reason: 'snapshot has no clusters array' };
  for (const c of s.clusters) {
    if (typeof c?.key !== 'string' || typeof c.group !== 'string' || typeof c.text !== 'string') {
      return { ok: false, reason: 'a snapshot cluster lacks its key, group or text' };
    }
  }
  return { ok: true, snapshot: { version: 1, options: s.options ?? {}, clusters: s.clusters } };
}
