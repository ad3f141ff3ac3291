import { loadModel } from '../../detect/ml/model.js';
import type { MlScorer } from '../../pipeline/detect-run.js';
import { createModelScorer } from '../../pipeline/ml-scorer.js';
import { CliError } from '../common.js';

/** Load a trained model folder as a scorer for detection, scan and watch; a folder without a usable model is one sentence, exit 1. */
export async function loadScorer(dir: string): Promise<MlScorer> {
  const loaded = await loadModel(dir);
  if (!loaded.ok) throw new CliError(loaded.reason.replace(/\.$/, ''));
  return createModelScorer(loaded.model);
}
