import type { Factor, Level } from '../../domain/index.js';
import type { Components } from './ensemble.js';

/** The minimal record shape the ML detectors read (a StoredLog with a template id fits). */
export interface MlRecord {
  /** Epoch milliseconds. */
  ts: number;
  service: string;
  level: Level;
  /** Template id assigned by the miner. */
  templateId: number;
  params: string[];
  message: string;
  host?: string;
  user?: string;
  attrs?: Record<string, unknown>;
}

/**
 * The ensemble's components and, beside them, the news scorer's (news.ts; null when the model has
 * none): news is not averaged into the score, it raises a line on its own when above one half.
 */
export interface VerdictComponents extends Components {
  news: number | null;
}

/** The verdict on one record, one session or one window. */
export interface Verdict {
  /** Ensemble score in 0–1 (news is not in it, see `components.news`). */
  score: number;
  /** Normalised (0–1) component scores; null where the detector does not apply or is off. */
  components: VerdictComponents;
  /** Above the ensemble's threshold, or news (components.news above one half), with a factor that explains it. */
  anomalous: boolean;
  /** Why, strongest first (only for anomalous verdicts, which always have at least one). */
  factors: Factor[];
}

export interface RecordVerdict extends Verdict {
  /** Position of the record in the scored input. */
  index: number;
}

export interface SessionVerdict extends Verdict {
  key: string;
  /** Positions of the session's records in the scored input, in order. */
  indices: number[];
}

export interface ScoreReport {
  records: RecordVerdict[];
  sessions: SessionVerdict[];
}
