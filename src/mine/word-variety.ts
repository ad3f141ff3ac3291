/**
 * Words that differ between a line and its most similar cluster are held apart until the position has
 * shown `wordVariety` distinct words: a variable (a user name, a host) takes many values, while words
 * that select an event (`start`/`over`, `true`/`false`, `begin`/`end`) take few. Until then each word gets
 * its own cluster ("sibling"); at the threshold the siblings generalise to one template, the others
 * being retired into the oldest (`mergedInto`). Loghub 2k mean GA 0.957 → 0.961 at 3 (HealthApp 0.983
 * → 1.000, Android +0.02); it needs the DATE mask, or day and month names count as words.
 */
import { isPureWord, type Cluster } from './cluster.js';
import type { LineScan } from './scanner.js';
import { WILD_ID } from './token-table.js';

/** Positions where the line and the template hold different words, or null if any difference is not word-for-word. */
export function wordDifferences(c: Cluster, line: LineScan): number[] | null {
  let diff: number[] | null = null;
  for (let i = 0; i < line.count; i++) {
    const t = c.ids[i];
    if (t === WILD_ID || t === line.id[i]) continue;
    if (!isPureWord(c.flags[i]) || !isPureWord(line.flags[i])) return null;
    (diff ??= []).push(i);
  }
  return diff;
}

/** `s` is a sibling of `c` at `positions`: same template elsewhere, its own words there. */
export function isSibling(s: Cluster, c: Cluster, positions: readonly number[]): boolean {
  if (s.fixed || s.ids.length !== c.ids.length) return false;
  let p = 0;
  for (let i = 0; i < s.ids.length; i++) {
    if (p < positions.length && positions[p] === i) {
      p++;
      if (!isPureWord(s.flags[i])) return false;
    } else if (s.ids[i] !== c.ids[i]) return false;
  }
  return true;
}
