/**
 * The params of a line under a template it fits, in order: a `<*>` token gives the whole token (typed by
 * its mask when the token is one masked span); any other token gives its masked spans; then extras.
 *
 * The scanner's buffers are reused by the next line, so the spans are captured at once, as numbers; the
 * strings and Param objects are built only when a caller reads them (template mining for grouping alone
 * never does, and a string and an object per param were ~10% of its time on HDFS-shaped lines).
 */
import type { Cluster, MinedCluster } from './cluster.js';
import type { MaskRegistry } from './masks.js';
import type { LineScan } from './line-scan.js';
import { WILD_ID } from './token-table.js';
import type { Param } from './types.js';

/** Mask index of a generalised token that is not one masked span (shown as `*`). */
const ANY = -1;

const NO_SPANS: number[] = [];

/** Params of `line` under `ids`: one per `<*>` token, one per masked span of any other token. */
function paramCount(ids: Int32Array, line: LineScan): number {
  let n = 0;
  for (let i = 0; i < line.count; i++) n += ids[i] === WILD_ID ? 1 : line.segFrom[i + 1] - line.segFrom[i];
  return n;
}

/** What `add` and `match` return for a line: its cluster and (read lazily) its params. */
export class LineOutcome<K extends 'created' | 'changed' | 'matched'> {
  private built: Param[] | null = null;

  private constructor(
    readonly kind: K,
    readonly cluster: MinedCluster,
    private readonly text: string,
    /** [start, end, mask index or ANY] per param. */
    private readonly spans: number[],
    private readonly extras: Param[] | null,
    private readonly registry: MaskRegistry,
  ) {}

  /** Capture the param spans of `line` under the template of `cluster`, which it fits. */
  static of<K extends 'created' | 'changed' | 'matched'>(kind: K, cluster: Cluster, line: LineScan, registry: MaskRegistry): LineOutcome<K> {
    const ids = cluster.ids;
    const count = cluster.wildcards === 0 ? line.segCount : paramCount(ids, line);
    // Sized once rather than grown by push.
    const spans: number[] = count === 0 ? NO_SPANS : new Array(count * 3);
    let k = 0;
    if (cluster.wildcards === 0) {
      // No `<*>` token: the params are the line's masked spans, in order.
      for (let s = 0; s < count; s++) {
        spans[k++] = line.segStart[s];
        spans[k++] = line.segEnd[s];
        spans[k++] = line.segMask[s];
      }
      return new LineOutcome(kind, cluster, line.text, spans, line.extras, registry);
    }
    const wild = WILD_ID;
    for (let i = 0; i < line.count; i++) {
      const from = line.segFrom[i];
      const to = line.segFrom[i + 1];
      if (ids[i] === wild) {
        const whole = to - from === 1 && line.segStart[from] === line.start[i] && line.segEnd[from] === line.end[i];
        spans[k++] = line.start[i];
        spans[k++] = line.end[i];
        spans[k++] = whole ? line.segMask[from] : ANY;
        continue;
      }
      for (let s = from; s < to; s++) {
        spans[k++] = line.segStart[s];
        spans[k++] = line.segEnd[s];
        spans[k++] = line.segMask[s];
      }
    }
    return new LineOutcome(kind, cluster, line.text, spans, line.extras, registry);
  }

  get params(): Param[] {
    return (this.built ??= this.build());
  }

  /** The params' values only (1M generic lines: 120 MB less to allocate than `params`). */
  get values(): string[] {
    if (this.built) return this.built.map((p) => p.value);
    const { spans, text, extras } = this;
    const n = spans.length / 3;
    const values: string[] = new Array(n + (extras ? extras.length : 0));
    for (let i = 0, k = 0; k < n; i += 3, k++) values[k] = text.slice(spans[i], spans[i + 1]);
    if (extras) for (let k = 0; k < extras.length; k++) values[n + k] = extras[k]!.value;
    return values;
  }

  private build(): Param[] {
    const { spans, text } = this;
    const params: Param[] = new Array(spans.length / 3);
    for (let i = 0, k = 0; i < spans.length; i += 3, k++) {
      const mask = spans[i + 2];
      params[k] = { value: text.slice(spans[i], spans[i + 1]), mask: mask === ANY ? '*' : this.registry.name(mask) };
    }
    return this.extras ? params.concat(this.extras) : params;
  }
}
