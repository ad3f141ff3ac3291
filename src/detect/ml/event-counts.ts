/**
 * Count-of-events model: for each event, the distribution over training sessions of how many
 * times it occurs (0 included), with add-α smoothing over the counts seen plus one slot for
 * counts never seen. A session's surprise is the largest −log2 P(count) over events, so "this
 * block was served 9 times where 1–3 is normal" or "this session lacks an event every normal
 * session has" stands out even when each transition is ordinary.
 */
import { countEvents } from './invariants.js';

export interface EventCountModel {
  sessions: number;
  alpha: number;
  /** Per event: [count, number of training sessions with that count][]. */
  histograms: [number, [number, number][]][];
}

export function trainEventCounts(sessions: ArrayLike<number>[], alpha = 0.5): EventCountModel {
  const events = new Set<number>();
  for (const s of sessions) for (let i = 0; i < s.length; i++) events.add(s[i]);
  const hist = new Map<number, Map<number, number>>([...events].map((e) => [e, new Map()]));
  for (const s of sessions) {
    const counts = countEvents(s);
    for (const [e, h] of hist) {
      const k = counts.get(e) ?? 0;
      h.set(k, (h.get(k) ?? 0) + 1);
    }
  }
  return { sessions: sessions.length, alpha, histograms: [...hist].map(([e, h]) => [e, [...h].sort((a, b) => a[0] - b[0])]) };
}

export interface CountSurprise {
  bits: number;
  /** The event with the most surprising count, and that count. */
  event: number;
  count: number;
}

/** Compiled form for scoring many sessions. */
export function countScorer(m: EventCountModel): (events: ArrayLike<number>) => CountSurprise {
  const hist = new Map(m.histograms.map(([e, h]) => [e, new Map(h)]));
  const bitsOf = (e: number, k: number): number => {
    const h = hist.get(e);
    const slots = (h?.size ?? 0) + 1;
    return -Math.log2(((h?.get(k) ?? 0) + m.alpha) / (m.sessions + m.alpha * slots));
  };
  return (events) => {
    const counts = countEvents(events);
    let worst: CountSurprise = { bits: 0, event: -1, count: 0 };
    const consider = (e: number): void => {
      const k = counts.get(e) ?? 0;
      const bits = bitsOf(e, k);
      if (bits > worst.bits) worst = { bits, event: e, count: k };
    };
    for (const e of hist.keys()) consider(e);
    for (const e of counts.keys()) if (!hist.has(e)) consider(e);
    return worst;
  };
}

/** The most common training counts of an event, most common first. */
export function usualCounts(m: EventCountModel, event: number, k = 3): number[] {
  const h = m.histograms.find(([e]) => e === event)?.[1] ?? [];
  return [...h].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, k).map(([count]) => count);
}
