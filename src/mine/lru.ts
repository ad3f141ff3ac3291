/** Recency list over clusters (intrusive links, O(1) touch and evict). */
import type { Cluster } from './cluster.js';

export class RecencyList {
  private newest: Cluster | null = null;
  private oldest: Cluster | null = null;
  size = 0;

  /** Add a cluster as the most recently used. */
  add(c: Cluster): void {
    c.older = this.newest;
    c.newer = null;
    if (this.newest) this.newest.newer = c;
    this.newest = c;
    this.oldest ??= c;
    this.size++;
  }

  remove(c: Cluster): void {
    if (c.newer) c.newer.older = c.older;
    else this.newest = c.older;
    if (c.older) c.older.newer = c.newer;
    else this.oldest = c.newer;
    c.newer = c.older = null;
    this.size--;
  }

  touch(c: Cluster): void {
    if (this.newest === c) return;
    this.remove(c);
    this.add(c);
  }

  /** The least recently used cluster, or null. */
  peekOldest(): Cluster | null {
    return this.oldest;
  }
}
