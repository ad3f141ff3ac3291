/**
 * Keeps the miner and the store's templates table in step during ingest. The table IS the
 * miner's persisted state: clusters are created in memory, then the store assigns each a stable
 * id under a unique key on its identity, so every process agrees on ids.
 */
import type { Store } from '../store/store.js';
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
  /** Records per minute (minute start in epoch ms). */
  volume: Map<number, number>;
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
    let t = this.touched.get(cluster);
    if (t) {
      t.countDelta++;
      if (ts < t.firstSeen) t.firstSeen = ts;
      if (ts > t.lastSeen) t.lastSeen = ts;
    } else {
      t = { cluster, countDelta: 1, firstSeen: ts, lastSeen: ts, example: message.slice(0, 2000), volume: new Map() };
      this.touched.set(cluster, t);
    }
    const minute = ts - (ts % 60_000);
    t.volume.set(minute, (t.volume.get(minute) ?? 0) + 1);
    const params = outcome.params;
    const values: string[] = new Array(params.length);
    for (let i = 0; i < params.length; i++) values[i] = params[i]!.value;
    return { cluster, params: values };
  }

  /**
   * Write touched templates and their volume; afterwards every cluster touched before the call has
   * its store id. What is observed while the writes are under way is kept for the next flush.
   */
  async flush(): Promise<void> {
    if (this.touched.size === 0) return;
    const touched = [...this.touched.values()];
    this.touched = new Map();
    const retired = this.miner.takeDirty().filter((c) => c.mergedInto !== null);
    const ids = await this.store.upsertTemplates(touched.map((t) => ({
      key: t.cluster.key, service: t.cluster.group, text: t.cluster.text, example: t.example,
      firstSeen: t.firstSeen, lastSeen: t.lastSeen, countDelta: t.countDelta,
    })));
    const volume: { templateId: number; minute: number; count: number }[] = [];
    touched.forEach((t, i) => {
      const templateId = ids[i]!;
      t.cluster.id = templateId;
      for (const [minute, count] of t.volume) volume.push({ templateId, minute, count });
    });
    await this.store.addTemplateVolume(volume);
    if (retired.length) await this.store.markTemplatesMerged(retired.map((c) => ({ key: c.key, into: c.mergedInto! })));
  }
}

/** The store's templates table as the miner's snapshot: it carries exactly the persisted state. */
export function snapshotOf(templates: Template[]): MinerSnapshot {
  return {
    version: 1,
    options: {},
    clusters: templates.map((t) => ({ key: t.key, group: t.service, text: t.text, count: t.count, frozen: t.frozen, custom: t.custom, id: t.id })),
  };
}
