/**
 * The template miner: Drain (He et al., ICWS 2017) with Drain3's practical features (masking, LRU
 * eviction, typed params, match-only inference) and improvements, each measured on Loghub and described
 * where it lives: classify.ts and key-value.ts (masks), scanner.ts (stack traces, quotes, long lines),
 * json-skeleton.ts, prefix-tree.ts (routing), cluster.ts (mergeBlocked) and word-variety.ts.
 *
 *   const miner = createMiner({ ...DEFAULT_MINER, similarity: 0.5 });
 *   const out = miner.add('Accepted password for bob from 10.0.0.7 port 5122 ssh2', 'sshd');
 *   // out.kind: 'created' | 'changed' | 'matched'; out.cluster.text; out.params: [{ value, mask }]
 */
import { Cluster, clusterKey, fitsExactly, mergeBlocked, mergeLine, similarity, type MinedCluster } from './cluster.js';
import { FitMemo } from './fit-memo.js';
import { LineOutcome } from './line-params.js';
import { RecencyList } from './lru.js';
import { compileCustomMasks, MaskRegistry } from './masks.js';
import { resolveOptions, type MinerOptions } from './options.js';
import { PrefixTree } from './prefix-tree.js';
import { Scanner, type LineScan } from './scanner.js';
import { isSibling, wordDifferences } from './word-variety.js';
import { snapshotOf, type MinerSnapshot, type SnapshotCluster } from './snapshot-types.js';
import { parseToken, renderKey, splitTemplate, WILD_KEY } from './template-text.js';
import { TokenTable, WILD_ID } from './token-table.js';
import type { Param } from './types.js';

export type { MinedCluster } from './cluster.js';

/** `values` are the params' values alone: what a store keeps, without an object per param. */
export type MineOutcome =
  | { kind: 'created'; cluster: MinedCluster; params: Param[]; values: string[] }
  | { kind: 'changed'; cluster: MinedCluster; params: Param[]; values: string[] }
  | { kind: 'matched'; cluster: MinedCluster; params: Param[]; values: string[] };

export type MatchOutcome = { kind: 'matched'; cluster: MinedCluster; params: Param[]; values: string[] } | { kind: 'unmatched' };

export interface TemplateMiner {
  readonly options: Readonly<MinerOptions>;
  /** Learning mode: find the line's cluster, generalising or creating one as needed. */
  add(message: string, group?: string): MineOutcome;
  /** Inference mode: the cluster whose template the line fits as it stands. Never changes anything. */
  match(message: string, group?: string): MatchOutcome;
  clusters(): Iterable<MinedCluster>;
  /** Clusters created or changed since the last call (for the store sync). */
  takeDirty(): MinedCluster[];
  /** Never generalise this cluster again. Returns false when no cluster has this key. */
  freeze(key: string): boolean;
  /** Add a user-defined template; it takes precedence over mined ones and never generalises. */
  addCustom(text: string, group?: string): MinedCluster;
  /** Plain JSON state: options and clusters (the tree is rebuilt on restore, not serialised). */
  snapshot(): MinerSnapshot;
}

const NONE: readonly Cluster[] = [];

export function createMiner(opts: Partial<MinerOptions> = {}, snapshot?: MinerSnapshot): TemplateMiner {
  return new DrainMiner(resolveOptions({ ...snapshot?.options, ...opts }), snapshot);
}

class DrainMiner implements TemplateMiner {
  private readonly registry: MaskRegistry;
  private readonly table: TokenTable;
  private readonly scanner: Scanner;
  private readonly tree: PrefixTree;
  private readonly byKey = new Map<string, Cluster>();
  private readonly customs = new Map<string, Cluster[]>();
  private readonly recency = new RecencyList();
  private readonly dirty = new Set<Cluster>();
  private readonly fits = new FitMemo();
  /** Candidate clusters of the line being added (set by findFit). */
  private candidates: readonly Cluster[] = [];
  private seq = 0;
  /** Template text of each interned token id. */
  private readonly shown: string[] = [];

  constructor(
    readonly options: MinerOptions,
    snapshot?: MinerSnapshot,
  ) {
    this.registry = new MaskRegistry(options.masks, options.customMasks);
    this.table = new TokenTable(WILD_KEY);
    this.scanner = new Scanner({
      registry: this.registry,
      table: this.table,
      maxTokens: options.maxTokens,
      custom: compileCustomMasks(options.customMasks),
      keyValues: options.keyValues,
    });
    this.tree = new PrefixTree(options, this.table);
    const restored = new Set<string>();
    for (const c of snapshot?.clusters ?? []) this.restore(c, restored);
  }

  add(message: string, group = ''): MineOutcome {
    const line = this.scanner.scan(message);
    const found = this.findFit(group, line);
    if (found) {
      found.count++;
      if (!found.custom) this.recency.touch(found);
      return LineOutcome.of('matched', found, line, this.registry);
    }
    const similar = this.mostSimilar(line);
    const merged = similar && this.merge(similar, line);
    if (merged) {
      merged.count++;
      this.recency.touch(merged);
      return LineOutcome.of('changed', merged, line, this.registry);
    }
    const created = this.create(group, line);
    return LineOutcome.of('created', created, line, this.registry);
  }

  match(message: string, group = ''): MatchOutcome {
    const line = this.scanner.scan(message);
    const found = this.findFit(group, line);
    return found ? LineOutcome.of('matched', found, line, this.registry) : { kind: 'unmatched' };
  }

  clusters(): Iterable<MinedCluster> {
    return this.byKey.values();
  }

  takeDirty(): MinedCluster[] {
    const out = [...this.dirty];
    this.dirty.clear();
    return out;
  }

  freeze(key: string): boolean {
    const c = this.byKey.get(key);
    if (c) c.frozen = true;
    return c !== undefined;
  }

  addCustom(text: string, group = ''): MinedCluster {
    const key = clusterKey(group, splitTemplate(text).join(' '));
    const existing = this.byKey.get(key);
    if (existing?.custom) return existing;
    if (existing) this.forget(existing);
    const c = this.fromText(key, group, text);
    c.custom = true;
    this.place(c);
    this.dirty.add(c);
    return c;
  }

  snapshot(): MinerSnapshot {
    return snapshotOf(this.options, this.byKey.values());
  }

  /** The cluster whose template the line fits, remembered per line shape while no cluster changes (fit-memo.ts). */
  private findFit(group: string, line: LineScan): Cluster | null {
    const shapeId = line.shapeId;
    if (shapeId >= 0) {
      const known = this.fits.get(shapeId, line.count, group);
      if (known) return known;
    }
    const best = this.searchFit(group, line);
    if (best && shapeId >= 0) this.fits.set(shapeId, line.count, group, best);
    return best;
  }

  /** A custom cluster the line fits first, else the most specific mined one. */
  private searchFit(group: string, line: LineScan): Cluster | null {
    let best: Cluster | null = null;
    const customs = this.customs.size > 0 ? this.customs.get(group) : undefined;
    for (const c of customs ?? NONE) {
      if (c.ids.length === line.count && fitsExactly(c.ids, line) && (!best || c.wildcards < best.wildcards)) best = c;
    }
    if (best) return best;
    this.candidates = this.tree.candidates(group, line);
    for (const c of this.candidates) {
      if (fitsExactly(c.ids, line) && (!best || c.wildcards < best.wildcards)) best = c;
    }
    return best;
  }

  /** Drain's choice among the candidates found by findFit: most similar, ties to the more general. */
  private mostSimilar(line: LineScan): Cluster | null {
    let best: Cluster | null = null;
    let bestSim = -1;
    for (const c of this.candidates) {
      if (c.fixed) continue;
      const sim = similarity(c.ids, line);
      if (sim < this.options.similarity || mergeBlocked(c, line)) continue;
      if (sim > bestSim || (sim === bestSim && best && c.wildcards > best.wildcards)) {
        best = c;
        bestSim = sim;
      }
    }
    return best && bestSim >= this.options.similarity ? best : null;
  }

  /**
   * Generalise `similar` to take the line; returns the cluster that took it, or null when the line
   * differs only in words that have not yet shown enough variety (it then starts its own cluster).
   */
  private merge(similar: Cluster, line: LineScan): Cluster | null {
    const variety = this.options.wordVariety;
    const words = variety > 1 ? wordDifferences(similar, line) : null;
    if (!words) {
      this.generalise(similar, () => mergeLine(similar, line));
      return similar;
    }
    const siblings = this.candidates.filter((c) => isSibling(c, similar, words));
    if (siblings.length + 1 < variety) return null;
    const survivor = siblings.reduce((a, b) => (b.seq < a.seq ? b : a));
    for (const s of siblings) {
      this.generalise(s, () => words.forEach((i) => s.generalise(i)));
      if (s !== survivor) this.retire(s, survivor);
    }
    this.generalise(survivor, () => mergeLine(survivor, line));
    return survivor;
  }

  /** Apply a change to a cluster's template, keeping its tree place, text and dirty mark current. */
  private generalise(c: Cluster, change: () => void): void {
    const leading = this.leadingWildcards(c);
    this.fits.invalidate(c.ids.length);
    change();
    c.retext();
    if (c.mergedInto === null && this.leadingWildcards(c) !== leading) this.tree.move(c);
    this.dirty.add(c);
  }

  /** A sibling merged into another: it leaves the miner; its last change still reaches the store. */
  private retire(c: Cluster, into: Cluster): void {
    c.mergedInto = into.key;
    this.dirty.add(c);
    this.forget(c);
  }

  private leadingWildcards(c: Cluster): number {
    let n = 0;
    for (let d = Math.min(this.options.depth, c.ids.length) - 1; d >= 0; d--) n = n * 2 + (c.ids[d] === WILD_ID ? 1 : 0);
    return n;
  }

  private create(group: string, line: LineScan): Cluster {
    const ids = new Int32Array(line.count);
    const tokens: string[] = [];
    for (let i = 0; i < line.count; i++) {
      ids[i] = line.id[i] >= 0 ? line.id[i] : this.table.intern(line.keyOf(i));
      tokens.push(this.show(ids[i]));
    }
    const c = new Cluster(this.uniqueKey(clusterKey(group, tokens.join(' '))), group, ids, tokens, this.flagsOf(ids));
    c.count = 1;
    this.place(c);
    this.dirty.add(c);
    this.evictBeyondLimit();
    return c;
  }

  private evictBeyondLimit(): void {
    while (this.recency.size > this.options.maxClusters) {
      const oldest = this.recency.peekOldest();
      if (!oldest) return;
      this.forget(oldest);
    }
  }

  /** Two clusters can be created from one text only in corner cases (a restored tree); keep keys unique. */
  private uniqueKey(key: string): string {
    if (!this.byKey.has(key)) return key;
    let n = 2;
    while (this.byKey.has(`${key}\u001f#${n}`)) n++;
    return `${key}\u001f#${n}`;
  }

  private flagsOf(ids: Int32Array): Int32Array {
    return Int32Array.from(ids, (id) => this.table.flags(id));
  }

  private show(id: number): string {
    return (this.shown[id] ??= renderKey(this.table.key(id), this.registry));
  }

  private fromText(key: string, group: string, text: string): Cluster {
    const keys = splitTemplate(text).map((t) => parseToken(t, this.registry));
    const ids = Int32Array.from(keys, (k) => this.table.intern(k));
    return new Cluster(key, group, ids, Array.from(ids, (id) => this.show(id)), this.flagsOf(ids));
  }

  /**
   * A restored template identical to one restored before it is a sibling that was merged into it
   * (word-variety.ts): it takes no lines, so it is left out.
   */
  private restore(s: SnapshotCluster, restored: Set<string>): void {
    const same = clusterKey(s.group, s.text);
    if (!s.custom && restored.has(same)) return;
    restored.add(same);
    const c = this.fromText(s.key, s.group, s.text);
    c.count = s.count;
    c.frozen = s.frozen;
    c.custom = s.custom;
    c.id = s.id;
    this.place(c);
  }

  private place(c: Cluster): void {
    this.fits.invalidate(c.ids.length);
    c.seq = this.seq++;
    this.byKey.set(c.key, c);
    if (c.custom) {
      const list = this.customs.get(c.group);
      if (list) list.push(c);
      else this.customs.set(c.group, [c]);
      return;
    }
    this.tree.insert(c);
    this.recency.add(c);
  }

  private forget(c: Cluster): void {
    this.fits.invalidate(c.ids.length);
    this.byKey.delete(c.key);
    if (c.custom) {
      const list = this.customs.get(c.group) ?? [];
      list.splice(list.indexOf(c), 1);
      return;
    }
    this.tree.remove(c);
    this.recency.remove(c);
  }
}
