/**
 * Log-parsing accuracy metrics, pure functions over per-line labels.
 *
 * - Grouping Accuracy (Zhu et al., ICSE-SEIP 2019): a line counts as right when the predicted group it
 *   falls in holds exactly the lines of its true group.
 * - Parsing Accuracy (Dai et al. / Loghub-2.0): a line counts as right when its predicted template
 *   string equals the true one after whitespace normalisation.
 * - FGA (Loghub-2.0, Jiang et al. ISSTA 2024): F1 between the number of predicted groups and the number
 *   of groups that are exactly right.
 */

/** Collapse runs of whitespace and trim, so `a  b ` equals `a b`. */
export function normalizeTemplate(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function groupsOf(labels: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  labels.forEach((label, line) => {
    const group = groups.get(label);
    if (group) group.push(line);
    else groups.set(label, [line]);
  });
  return groups;
}

export interface GroupingScore {
  /** Fraction of lines whose predicted group equals their true group. */
  groupingAccuracy: number;
  /** Predicted groups that equal a true group exactly. */
  correctGroups: number;
  predictedGroups: number;
  truthGroups: number;
  /** F1 over groups (FGA). */
  fga: number;
}

/** Compare a predicted grouping with the truth; both are per-line labels of the same length. */
export function scoreGrouping(predicted: readonly string[], truth: readonly string[]): GroupingScore {
  if (predicted.length !== truth.length) throw new Error('predicted and truth labels differ in length');
  const predictedGroups = groupsOf(predicted);
  const truthGroups = groupsOf(truth);
  let correctLines = 0;
  let correctGroups = 0;
  for (const lines of predictedGroups.values()) {
    const truthLabel = truth[lines[0]];
    const truthLines = truthGroups.get(truthLabel);
    if (truthLines?.length === lines.length && lines.every((line) => truth[line] === truthLabel)) {
      correctLines += lines.length;
      correctGroups++;
    }
  }
  const precision = predictedGroups.size === 0 ? 0 : correctGroups / predictedGroups.size;
  const recall = truthGroups.size === 0 ? 0 : correctGroups / truthGroups.size;
  return {
    groupingAccuracy: predicted.length === 0 ? 0 : correctLines / predicted.length,
    correctGroups,
    predictedGroups: predictedGroups.size,
    truthGroups: truthGroups.size,
    fga: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

/** Fraction of lines whose predicted template equals the true template (whitespace-normalised). */
export function parsingAccuracy(predicted: readonly string[], truth: readonly string[]): number {
  if (predicted.length !== truth.length) throw new Error('predicted and truth templates differ in length');
  if (predicted.length === 0) return 0;
  let right = 0;
  for (let i = 0; i < predicted.length; i++) {
    if (normalizeTemplate(predicted[i]) === normalizeTemplate(truth[i])) right++;
  }
  return right / predicted.length;
}
