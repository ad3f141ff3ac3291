/** The isolation forest as JSON: one entry per tree with its flat arrays. */
import type { IsolationForest } from './isolation-forest.js';

export interface ForestJson {
  depth: number;
  sampleSize: number;
  cols: number;
  min: number[];
  max: number[];
  trees: { feature: number[]; split: number[]; leaf: number[] }[];
}

export function forestToJson(f: IsolationForest): ForestJson {
  const internal = (1 << f.depth) - 1;
  const leaves = internal + 1;
  const trees = [];
  for (let t = 0; t < f.trees; t++) {
    trees.push({
      feature: Array.from(f.feature.subarray(t * internal, (t + 1) * internal)),
      split: Array.from(f.split.subarray(t * internal, (t + 1) * internal)),
      leaf: Array.from(f.leaf.subarray(t * leaves, (t + 1) * leaves)),
    });
  }
  return { depth: f.depth, sampleSize: f.sampleSize, cols: f.cols, min: Array.from(f.min), max: Array.from(f.max), trees };
}

export function forestFromJson(json: ForestJson): IsolationForest {
  const internal = (1 << json.depth) - 1;
  const leaves = internal + 1;
  const f: IsolationForest = {
    trees: json.trees.length,
    depth: json.depth,
    sampleSize: json.sampleSize,
    cols: json.cols,
    feature: new Uint8Array(json.trees.length * internal),
    split: new Float32Array(json.trees.length * internal),
    leaf: new Float32Array(json.trees.length * leaves),
    min: Float32Array.from(json.min),
    max: Float32Array.from(json.max),
  };
  json.trees.forEach((t, i) => {
    if (t.feature.length !== internal || t.split.length !== internal || t.leaf.length !== leaves) {
      throw new Error(`forest tree ${i} has the wrong size for depth ${json.depth}`);
    }
    f.feature.set(t.feature, i * internal);
    f.split.set(t.split, i * internal);
    f.leaf.set(t.leaf, i * leaves);
  });
  return f;
}
