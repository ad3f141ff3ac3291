/**
 * Keeps the miner and the store's templates table in step during ingest. The table IS the
 * miner's persisted state: clusters are created in memory, then the store assigns each a stable
 * id under a unique key on its identity, so every process agrees on ids.
 */
import type { LogRow, Store, TemplateTouch } from '../store/store.js';
import { createMiner, type MinedCluster, type TemplateMiner } from '../mine/template-miner.js';
import type { MinerSnapshot } from '../mine/snapshot-types.js';
import type { Template } from '../domain/index.js';
import type { MinerOptions } from '../mine/options.js';

interface Touched {
  cluster: MinedCluster;
  countDelta: number;
  firstSeen: number;
  lastSeen: number;
  example: string;
  /** Records per minute (minute start in epoch ms), but for the run of records in `minute`. */
  volume: Map<number, number>;
  /** The last record's minute, and the records of the run in it not yet in `volume`: most records fall in the same minute as the one before. */
  minute: number;
  inMinute: number;
}

/** Move the records counted in `t.minute` into its volume. */
function settleMinute(t: Touched): void {
  if (t.inMinute === 0) return;
  t.volume.set(t.minute, (t.volume.get(t.minute) ?? 0) + t.inMinute);
  t.inMinute = 0;
}

export class TemplateSync {
  private touched = new Map<MinedCluster, Touched>();

  private constructor(readonly miner: TemplateMiner, private readonly store: Store) {}

  /** Restore the miner from the store's templates. */
  static async load(store: Store, options: Partial<MinerOptions> = {}): Promise<TemplateSync> {
    const templates = await store.listTemplates();
    const miner = createMiner(options, templates.length ? snapshotOf(templates) : undefined);
    return new TemplateSync(miner, store);
  }

  /** Mine one message; returns the cluster and its parameters. Ids are known after `flush`. */
  observe(message: string, group: string, ts: number, learn = true): { cluster: MinedCluster | null; params: string[] } {
    const outcome = learn ? this.miner.add(message, group) : this.miner.match(message, group);
    if (outcome.kind === 'unmatched') return { cluster: null, params: [] };
    const cluster = outcome.cluster;
    const minute = ts - (ts % 60_000);
    const t = this.touched.get(cluster);
    if (t) {
      t.countDelta++;
      if (ts < t.firstSeen) t.firstSeen = ts;
      if (ts > t.lastSeen) t.lastSeen = ts;
      if (minute !== t.minute) {
        settleMinute(t);
        t.minute = minute;
      }
      t.inMinute++;
    } else {
      this.touched.set(cluster, { cluster, countDelta: 1, firstSeen: ts, lastSeen: ts, example: message.slice(0, 2000), volume: new Map(), minute, inMinute: 1 });
    }
    return { cluster, params: outcome.values };
  }

  /**
   * The templates touched since the last take, for the batch of `rows` observed meanwhile: each
   * row's `templateRef` is set to its cluster's index in `templates` (the store writes them in the
   * batch's transaction and returns their ids); the clusters merged into others meanwhile come too.
   * Hand the batch's outcome to `stored`.
   */
  take(rows: readonly LogRow[], clusters: readonly (MinedCluster | null)[]): TouchedTemplates {
    const touched = [...this.touched.values()];
    this.touched = new Map();
    for (const t of touched) settleMinute(t);
    const refs = new Map(touched.map((t, i) => [t.cluster, i]));
    for (let i = 0; i < rows.length; i++) {
      const cluster = clusters[i];
      if (cluster) rows[i]!.templateRef = refs.get(cluster);
    }
    return {
      clusters: touched.map((t) => t.cluster),
      templates: touched.map((t) => ({
        key: t.cluster.key, service: t.cluster.group, text: t.cluster.text, example: t.example,
        firstSeen: t.firstSeen, lastSeen: t.lastSeen, countDelta: t.countDelta,
        volume: [...t.volume].map(([minute, count]) => ({ minute, count })),
      })),
      retired: this.miner.takeDirty().filter((c) => c.mergedInto !== null).map((c) => ({ key: c.key, into: c.mergedInto! })),
    };
  }

  /**
   * The batch that carried `taken` is stored, with every batch before it (the store applies them
   * in order): note the templates' ids, and mark the merged clusters, which it stored last.
   */
  async stored(taken: TouchedTemplates, ids: readonly number[]): Promise<void> {
    taken.clusters.forEach((cluster, i) => (cluster.id = ids[i]!));
    if (taken.retired.length) await this.store.markTemplatesMerged(taken.retired);
  }
}

export interface TouchedTemplates {
  clusters: MinedCluster[];
  templates: TemplateTouch[];
  retired: { key: string; into: string }[];
}

/** The store's templates table as the miner's snapshot: it carries exactly the persisted state. */
export function snapshotOf(templates: readonly (Pick<Template, 'id' | 'key' | 'service' | 'text' | 'frozen' | 'custom'> & { count?: number })[]): MinerSnapshot {
  return {
    version: 1,
    options: {},
    clusters: templates.map((t) => ({ key: t.key, group: t.service, text: t.text, count: t.count ?? 1, frozen: t.frozen, custom: t.custom, id: t.id })),
  };
}
