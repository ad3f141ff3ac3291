/**
 * Keeps the miner and the store's templates table in step during ingest. The table IS the
 * miner's persisted state: clusters are created in memory, then the store assigns each a stable
 * id under a unique key on its identity, so every process agrees on ids.
 */
import type { Store, TemplateUpsert } from '../store/store.js';
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
}

export class TemplateSync {
  private touched = new Map<string, Touched>();
  private volume = new Map<string, number>(); // `${key}\u0000${minute}` -> count

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
    const t = this.touched.get(cluster.key);
    if (t) {
      t.countDelta++;
      if (ts < t.firstSeen) t.firstSeen = ts;
      if (ts > t.lastSeen) t.lastSeen = ts;
    } else {
      this.touched.set(cluster.key, { cluster, countDelta: 1, firstSeen: ts, lastSeen: ts, example: message.slice(0, 2000) });
    }
    const vkey = `${cluster.key}\u0000${ts - (ts % 60_000)}`;
    this.volume.set(vkey, (this.volume.get(vkey) ?? 0) + 1);
    return { cluster, params: outcome.params.map((p) => p.value) };
  }

  /** Write touched templates and their volume; afterwards every touched cluster has its store id. */
  async flush(): Promise<void> {
    if (this.touched.size === 0) return;
    const items: TemplateUpsert[] = [];
    const clusters: MinedCluster[] = [];
    for (const t of this.touched.values()) {
      clusters.push(t.cluster);
      items.push({
        key: t.cluster.key, service: t.cluster.group, text: t.cluster.text, example: t.example,
        firstSeen: t.firstSeen, lastSeen: t.lastSeen, countDelta: t.countDelta,
      });
    }
    const ids = await this.store.upsertTemplates(items);
    const byKey = new Map<string, number>();
    clusters.forEach((c, i) => {
      c.id = ids[i]!;
      byKey.set(c.key, ids[i]!);
    });
    const volume: { templateId: number; minute: number; count: number }[] = [];
    for (const [k, count] of this.volume) {
      const sep = k.lastIndexOf('\u0000');
      volume.push({ templateId: byKey.get(k.slice(0, sep))!, minute: Number(k.slice(sep + 1)), count });
    }
    await this.store.addTemplateVolume(volume);
    this.touched.clear();
    this.volume.clear();
    this.miner.takeDirty();
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
