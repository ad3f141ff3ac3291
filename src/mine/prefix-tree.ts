/**
 * Drain's fixed-depth prefix tree: group → token count → the first `depth` tokens → a leaf list of
 * clusters. A cluster sits on the path of its current template tokens (a `<*>` token, or a token met
 * when the node already has `maxChildren` children, goes to the node's wildcard child), and moves when
 * a leading token generalises. A line is compared with the clusters of every leaf it can reach through
 * its own token or the wildcard child at each level, so it always meets every cluster it fits.
 */
import type { Cluster } from './cluster.js';
import type { LineScan } from './scanner.js';
import { MASKED, WILD_ID, type TokenTable } from './token-table.js';

class TreeNode {
  children: Map<number, TreeNode> | null = null;
  wild: TreeNode | null = null;
  clusters: Cluster[] = [];
}

const EMPTY = new TreeNode();
const NO_CLUSTERS: readonly Cluster[] = [];

export interface TreeShape {
  depth: number;
  maxChildren: number;
}

export class PrefixTree {
  private readonly groups = new Map<string, Map<number, TreeNode>>();
  /** Leaf of each cluster, for removal. */
  private readonly leafOf = new Map<Cluster, TreeNode>();

  constructor(
    private readonly shape: TreeShape,
    private readonly table: TokenTable,
  ) {}

  insert(cluster: Cluster): void {
    let lengths = this.groups.get(cluster.group);
    if (!lengths) this.groups.set(cluster.group, (lengths = new Map()));
    const n = cluster.ids.length;
    let node = lengths.get(n);
    if (!node) lengths.set(n, (node = new TreeNode()));
    const levels = Math.min(this.shape.depth, n);
    for (let d = 0; d < levels; d++) node = this.step(node, cluster.ids[d]);
    node.clusters.push(cluster);
    this.leafOf.set(cluster, node);
  }

  remove(cluster: Cluster): void {
    const leaf = this.leafOf.get(cluster);
    if (!leaf) return;
    const i = leaf.clusters.indexOf(cluster);
    if (i >= 0) leaf.clusters.splice(i, 1);
    this.leafOf.delete(cluster);
  }

  /** Re-place a cluster whose leading tokens generalised. */
  move(cluster: Cluster): void {
    this.remove(cluster);
    this.insert(cluster);
  }

  /** The clusters of every leaf the line can reach (read them before the tree changes). */
  candidates(group: string, line: LineScan): readonly Cluster[] {
    const node = this.groups.get(group)?.get(line.count);
    if (!node) return NO_CLUSTERS;
    const levels = Math.min(this.shape.depth, line.count);
    // Most lines reach a single leaf: return its list itself rather than copying it.
    const only = this.onlyLeaf(node, line, levels);
    if (only) return only.clusters;
    // A new array: emptying a reused one (`length = 0`) is a runtime call that cost more.
    const out: Cluster[] = [];
    this.collect(node, line, 0, levels, out);
    return out;
  }

  /** The one leaf the line reaches when there is no wildcard branch on its way, else null. */
  private onlyLeaf(node: TreeNode, line: LineScan, levels: number): TreeNode | null {
    for (let d = 0; d < levels; d++) {
      if (node.wild) return null;
      const token = line.id[d];
      const child = token > WILD_ID && (line.flags[d] & MASKED) === 0 && node.children ? node.children.get(token) : undefined;
      if (!child) return EMPTY;
      node = child;
    }
    return node;
  }

  private collect(node: TreeNode, line: LineScan, d: number, levels: number, out: Cluster[]): void {
    if (d === levels) {
      for (const c of node.clusters) out.push(c);
      return;
    }
    const token = line.id[d];
    const keyed = token > WILD_ID && (line.flags[d] & MASKED) === 0;
    const child = keyed && node.children ? node.children.get(token) : undefined;
    if (child) this.collect(child, line, d + 1, levels, out);
    if (node.wild) this.collect(node.wild, line, d + 1, levels, out);
  }

  /**
   * Drain sends tokens with digits down the wildcard branch; here, tokens holding a masked span, so
   * `iar <HEX>` and `iar <NUM>` meet (Loghub 2k mean GA 0.900 → 0.920; BGL 0.867 → 0.971).
   */
  private step(node: TreeNode, token: number): TreeNode {
    if ((this.table.flags(token) & MASKED) === 0) {
      const children = (node.children ??= new Map());
      const child = children.get(token);
      if (child) return child;
      if (children.size < this.shape.maxChildren) {
        const created = new TreeNode();
        children.set(token, created);
        return created;
      }
    }
    return (node.wild ??= new TreeNode());
  }
}
