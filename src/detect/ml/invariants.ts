/**
 * Count invariants (after Lou et al., "Mining Invariants from Console Logs", USENIX ATC 2010),
 * restricted to two events: a · count(x) = b · count(y) within a session, for small coprime
 * a, b. In HDFS for example every block is written to 3 data nodes, so "received block" and
 * "receiving block" occur equally often. An invariant is kept when it holds in at least
 * `minSupport` of the training sessions that contain x or y. A session that breaks invariants
 * did something a normal session never does (lost a replica, ended early, retried).
 */
export interface CountInvariant {
  x: number;
  y: number;
  a: number;
  b: number;
  /** Fraction of training sessions containing x or y where a · count(x) = b · count(y). */
  support: number;
}

export interface InvariantOptions {
  minSupport: number;
  /** Largest coefficient tried for a and b. */
  maxCoefficient: number;
  /** An event pair needs at least this many training sessions containing either event. */
  minSessions: number;
  /** Only the most frequent events (by number of sessions) are paired, to bound the work. */
  maxEvents: number;
}

export const DEFAULT_INVARIANTS: InvariantOptions = { minSupport: 0.98, maxCoefficient: 3, minSessions: 10, maxEvents: 200 };

type Counts = Map<number, number>;

export function countEvents(sequence: ArrayLike<number>): Counts {
  const counts: Counts = new Map();
  for (let i = 0; i < sequence.length; i++) counts.set(sequence[i], (counts.get(sequence[i]) ?? 0) + 1);
  return counts;
}

export function mineInvariants(sessions: ArrayLike<number>[], options: Partial<InvariantOptions> = {}): CountInvariant[] {
  const opts = { ...DEFAULT_INVARIANTS, ...options };
  const counts = sessions.map(countEvents);
  const sessionsWith = new Map<number, number[]>();
  counts.forEach((c, s) => {
    for (const e of c.keys()) {
      let list = sessionsWith.get(e);
      if (!list) sessionsWith.set(e, (list = []));
      list.push(s);
    }
  });
  const events = [...sessionsWith.keys()]
    .sort((p, q) => sessionsWith.get(q)!.length - sessionsWith.get(p)!.length || p - q)
    .slice(0, opts.maxEvents)
    .sort((p, q) => p - q);
  const ratios = coprimePairs(opts.maxCoefficient);
  const found: CountInvariant[] = [];
  for (let i = 0; i < events.length; i++) {
    for (let j = i + 1; j < events.length; j++) {
      const x = events[i];
      const y = events[j];
      const active = union(sessionsWith.get(x)!, sessionsWith.get(y)!);
      if (active.length < opts.minSessions) continue;
      let best: CountInvariant | null = null;
      for (const [a, b] of ratios) {
        let holds = 0;
        for (const s of active) if (a * (counts[s].get(x) ?? 0) === b * (counts[s].get(y) ?? 0)) holds++;
        const support = holds / active.length;
        if (!best || support > best.support) best = { x, y, a, b, support };
      }
      if (best && best.support >= opts.minSupport) found.push(best);
    }
  }
  return found;
}

/** The invariants a session breaks. */
export function brokenInvariants(invariants: readonly CountInvariant[], sequence: ArrayLike<number>): CountInvariant[] {
  const counts = countEvents(sequence);
  return invariants.filter((v) => v.a * (counts.get(v.x) ?? 0) !== v.b * (counts.get(v.y) ?? 0));
}

function coprimePairs(max: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let a = 1; a <= max; a++) for (let b = 1; b <= max; b++) if (gcd(a, b) === 1) pairs.push([a, b]);
  return pairs;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Union of two ascending lists. */
function union(p: number[], q: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < p.length || j < q.length) {
    if (j >= q.length || (i < p.length && p[i] < q[j])) out.push(p[i++]);
    else if (i >= p.length || q[j] < p[i]) out.push(q[j++]);
    else {
      out.push(p[i++]);
      j++;
    }
  }
  return out;
}
