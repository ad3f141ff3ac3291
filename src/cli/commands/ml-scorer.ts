import type { MlScorer } from '../../pipeline/detect-run.js';
import { CliError } from '../common.js';

/** Load a trained model folder as a scorer for detection, scan and watch. */
export async function loadScorer(dir: string): Promise<MlScorer> {
  throw new CliError(`cannot score with the model in ${dir}: model scoring is not wired in yet`);
}
