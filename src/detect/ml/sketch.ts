/**
 * Count-min sketch (Cormode & Muthukrishnan 2005): approximate counts of many distinct keys in
 * fixed memory. Estimates never undercount; they overcount by at most 2N/width with probability
 * 1 − 2^−depth. Used for "how often was this parameter value seen in training".
 */
export interface CountMinSketch {
  depth: number;
  width: number;
  table: Uint32Array;
}

export function createSketch(depth = 4, width = 1 << 14): CountMinSketch {
  return { depth, width, table: new Uint32Array(depth * width) };
}

/** FNV-1a 32-bit hash of a string. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Second, independent-enough hash for double hashing (murmur3 finaliser). */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h | 1) >>> 0;
}

function slot(s: CountMinSketch, key: number, row: number): number {
  return row * s.width + ((key + Math.imul(row, mix(key))) >>> 0) % s.width;
}

export function sketchAdd(s: CountMinSketch, key: number): void {
  for (let r = 0; r < s.depth; r++) s.table[slot(s, key, r)]++;
}

export function sketchEstimate(s: CountMinSketch, key: number): number {
  let min = Infinity;
  for (let r = 0; r < s.depth; r++) min = Math.min(min, s.table[slot(s, key, r)]);
  return min;
}

export function sketchToJson(s: CountMinSketch): { depth: number; width: number; table: string } {
  return { depth: s.depth, width: s.width, table: Buffer.from(s.table.buffer, s.table.byteOffset, s.table.byteLength).toString('base64') };
}

export function sketchFromJson(j: { depth: number; width: number; table: string }): CountMinSketch {
  const bytes = Buffer.from(j.table, 'base64');
  if (bytes.byteLength !== j.depth * j.width * 4) throw new Error('the parameter sketch has the wrong size');
  const table = new Uint32Array(j.depth * j.width);
  new Uint8Array(table.buffer).set(bytes);
  return { depth: j.depth, width: j.width, table };
}
