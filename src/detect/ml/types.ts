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

/** The verdict on one record, one session or one window. */
export interface Verdict {
  /** Ensemble score in 0–1. */
  score: number;
  /** Normalised (0–1) component scores; null where the detector does not apply or is off. */
  components: Components;
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
