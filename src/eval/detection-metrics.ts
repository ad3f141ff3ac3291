/** Precision, recall, F1 and precision@k for binary detection against labels. */
export interface DetectionMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Precision among the k highest scores, k = number of true anomalies. */
  precisionAtK: number;
  tp: number;
  fp: number;
  fn: number;
}

export function detectionMetrics(predicted: ArrayLike<boolean>, labels: ArrayLike<boolean>, scores: ArrayLike<number>): DetectionMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    if (predicted[i] && labels[i]) tp++;
    else if (predicted[i]) fp++;
    else if (labels[i]) fn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, precisionAtK: precisionAtK(labels, scores), tp, fp, fn };
}

/**
 * Precision among the k highest-scored items, k = number of positive labels. Ties at the cut are
 * broken pessimistically (negatives first), so a constant score gets no credit.
 */
export function precisionAtK(labels: ArrayLike<boolean>, scores: ArrayLike<number>): number {
  const k = Array.prototype.filter.call(labels, Boolean).length;
  if (k === 0) return 0;
  const order = Array.from({ length: labels.length }, (_, i) => i).sort(
    (a, b) => scores[b] - scores[a] || Number(labels[a]) - Number(labels[b]),
  );
  let hits = 0;
  for (let i = 0; i < k; i++) if (labels[order[i]]) hits++;
  return hits / k;
}
