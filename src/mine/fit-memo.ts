/**
 * The cluster a line of a known shape fitted, remembered until the miner's clusters change.
 *
 * A line copied whole from the line cache (line-cache.ts) with every token key following from its shape
 * has the same token ids as every other line of that shape, so it fits the same cluster for as long as no
 * cluster of its token count is placed, removed or generalised (a line is only ever compared with clusters
 * of its own token count). Once a log's templates settle that is nearly always, and the tree descent and
 * template comparisons of findFit become one look-up.
 *
 * Direct-mapped by shape id: a clash only costs a full findFit.
 */
import type { Cluster } from './cluster.js';

const SIZE = 4096;
/** Token counts from here on share one epoch. */
const COUNTS = 256;

export class FitMemo {
  /** Shape id held by each slot (-1: none); ids and epochs are doubles, so they never wrap. */
  private readonly shapeIds = new Float64Array(SIZE).fill(-1);
  private readonly epochs = new Float64Array(SIZE);
  private readonly groups: string[] = new Array<string>(SIZE).fill('');
  private readonly clusters: (Cluster | null)[] = new Array<Cluster | null>(SIZE).fill(null);
  /** Per token count, bumped on every change that can alter which cluster a line of that count fits. */
  private readonly current = new Float64Array(COUNTS);

  /** The cluster lines of this shape, token count and group fitted since the last change, or null. */
  get(shapeId: number, tokens: number, group: string): Cluster | null {
    const s = shapeId & (SIZE - 1);
    const fresh = this.shapeIds[s] === shapeId && this.epochs[s] === this.current[Math.min(tokens, COUNTS - 1)];
    return fresh && this.groups[s] === group ? this.clusters[s] : null;
  }

  set(shapeId: number, tokens: number, group: string, cluster: Cluster): void {
    const s = shapeId & (SIZE - 1);
    this.shapeIds[s] = shapeId;
    this.epochs[s] = this.current[Math.min(tokens, COUNTS - 1)];
    this.groups[s] = group;
    this.clusters[s] = cluster;
  }

  /** A cluster of this many tokens was placed, removed or generalised: forget the fits of lines of its count. */
  invalidate(tokens: number): void {
    this.current[Math.min(tokens, COUNTS - 1)]++;
  }
}
