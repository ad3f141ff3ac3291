/**
 * A cluster of lines sharing one template, and the pure decisions Drain makes about a line and a
 * cluster: how similar they are, whether the line fits the template exactly and how the template
 * generalises. Which parts of the line are its params: line-params.ts.
 */
import type { LineScan } from './scanner.js';
import { AT, DIGIT, EQUALS, LETTER, LOWER, PUNCT, SLASH, UPPER } from './char-scan.js';
import { MASKED, WILD_ID } from './token-table.js';

/** A cluster as the rest of LogTrack sees it. */
export interface MinedCluster {
  /** Identity: `${group}\u001f${text at creation}`; never changes as the template generalises. */
  readonly key: string;
  readonly group: string;
  readonly tokens: readonly string[];
  readonly text: string;
  readonly count: number;
  readonly frozen: boolean;
  readonly custom: boolean;
  /** Store id, once the store has assigned one (the ingest sets it). */
  id: number | null;
  /** Key of the cluster this one was merged into (it then no longer takes lines), or null. */
  readonly mergedInto: string | null;
}

export class Cluster implements MinedCluster {
  tokens: string[];
  text: string;
  count = 0;
  frozen = false;
  custom = false;
  id: number | null = null;
  /** Creation order (restored clusters keep their snapshot order). */
  seq = 0;
  mergedInto: string | null = null;
  /** Number of `<*>` tokens. */
  wildcards = 0;
  /** Recency list links (least recently used clusters are evicted first). */
  newer: Cluster | null = null;
  older: Cluster | null = null;

  constructor(
    readonly key: string,
    readonly group: string,
    /** Token key ids; WILD_ID for `<*>`. */
    readonly ids: Int32Array,
    tokens: string[],
    /** Token flags (see keyFlags), per position. */
    readonly flags: Int32Array,
  ) {
    this.tokens = tokens;
    this.text = tokens.join(' ');
    for (const id of ids) if (id === WILD_ID) this.wildcards++;
  }

  /** Turn token i into `<*>` (call retext() when done). */
  generalise(i: number): void {
    if (this.ids[i] === WILD_ID) return;
    this.ids[i] = WILD_ID;
    this.flags[i] = MASKED;
    this.tokens[i] = '<*>';
    this.wildcards++;
  }

  retext(): void {
    this.text = this.tokens.join(' ');
  }

  /** Mined clusters generalise; frozen and custom ones never do. */
  get fixed(): boolean {
    return this.frozen || this.custom;
  }
}

export function clusterKey(group: string, text: string): string {
  return `${group}\u001f${text}`;
}

/**
 * Drain's similarity: the fraction of positions where the template holds the line's token.
 * A `<*>` position does not count, so a template full of wildcards does not attract every line.
 */
export function similarity(ids: Int32Array, line: LineScan): number {
  const n = line.count;
  if (n === 0) return 1;
  // Locals, not module bindings, in the loops that run per line × candidate (see Scanner.scanTokens).
  const wild = WILD_ID;
  const lineIds = line.id;
  let same = 0;
  for (let i = 0; i < n; i++) {
    const t = ids[i];
    if (t !== wild && t === lineIds[i]) same++;
  }
  return same / n;
}

/** The line fits the template as it stands: every non-`<*>` token is equal. */
export function fitsExactly(ids: Int32Array, line: LineScan): boolean {
  const wild = WILD_ID;
  const lineIds = line.id;
  for (let i = 0, n = line.count; i < n; i++) {
    const t = ids[i];
    if (t !== wild && t !== lineIds[i]) return false;
  }
  return true;
}

/** A plain word: letters (and punctuation), no digits, no masked span. */
export function isWord(flags: number): boolean {
  return (flags & (DIGIT | MASKED)) === 0 && (flags & LETTER) !== 0;
}

/** A word as in prose: no digits, no mask, no structural punctuation (`=`, brackets, quotes, slashes…). */
export function isPureWord(flags: number): boolean {
  return isWord(flags) && (flags & (PUNCT | SLASH | AT)) === 0;
}

function isCapsWord(flags: number): boolean {
  return isWord(flags) && (flags & UPPER) !== 0 && (flags & LOWER) === 0;
}

/**
 * Differences that mean "another event", not "another value" (Loghub 2k GA, measured when each was added):
 * - two ALL-CAPS words: enum constants and states, `NEW` vs `RUNNING` (Hadoop 0.963 → 0.992);
 * - two or more adjacent plain words: a different phrase, `Bye Bye` vs `disconnected by user`
 *   (OpenSSH 0.787 → 0.995, Zookeeper 0.973 → 0.995);
 * - two `key=value` tokens with different keys: key=value lines template on their keys
 *   (Android 0.946 → 0.968, Linux 0.694 → 0.755).
 */
export function mergeBlocked(c: Cluster, line: LineScan): boolean {
  let run = 0;
  for (let i = 0; i < line.count; i++) {
    const t = c.ids[i];
    if (t === WILD_ID || t === line.id[i]) {
      run = 0;
      continue;
    }
    const a = c.flags[i];
    const b = line.flags[i];
    if (isCapsWord(a) && isCapsWord(b)) return true;
    if ((a & b & EQUALS) !== 0 && !sameKey(c.tokens[i], line, i)) return true;
    if (isPureWord(a) && isPureWord(b)) {
      if (++run >= 2) return true;
    } else run = 0;
  }
  return false;
}

/** The template token and line token i start with the same `key=`. */
function sameKey(token: string, line: LineScan, i: number): boolean {
  const eq = token.indexOf('=');
  const start = line.start[i];
  return eq >= 0 && start + eq < line.end[i] && line.text.charCodeAt(start + eq) === 61 && line.text.startsWith(token.slice(0, eq), start);
}

/** Generalise the template positions where the line differs; returns how many changed. */
export function mergeLine(cluster: Cluster, line: LineScan): number {
  let changed = 0;
  for (let i = 0; i < line.count; i++) {
    const t = cluster.ids[i];
    if (t !== WILD_ID && t !== line.id[i]) {
      cluster.generalise(i);
      changed++;
    }
  }
  return changed;
}
