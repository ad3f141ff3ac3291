import type { Rng } from './prng.js';

export const SCENARIOS = ['brute_force', 'error_storm', 'service_silent', 'volume_spike', 'new_error', 'sequence'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** Format names as the decoders in src/formats know them (`--format`). */
export type SynthFormat = 'combined' | 'generic' | 'json' | 'syslog';

/** One generated line. `scenario` marks lines injected by (or bounding) an anomaly. */
export interface SynthEvent {
  ts: number;
  text: string;
  scenario?: ScenarioName;
}

/** When each anomaly happens: [start, end) in epoch ms. */
export type ScenarioPlan = Record<ScenarioName, { start: number; end: number }>;

export interface GenContext {
  rng: Rng;
  start: number;
  end: number;
  plan: ScenarioPlan;
  /** Traffic multiplier applied to rate-driven services (1 = the default volume). */
  scale: number;
}

/** A service's output file: its name, format, and the generator of its lines in time order. */
export interface SynthService {
  name: string;
  file: string;
  format: SynthFormat;
  events(ctx: GenContext): Iterable<SynthEvent>;
  /** One sentence per scenario this service carries. */
  describe: Partial<Record<ScenarioName, string>>;
}

export interface ScenarioLabel {
  scenario: ScenarioName;
  service: string;
  file: string;
  /** Epoch ms of the first and last labelled line. */
  start: number;
  end: number;
  /** 1-based line numbers in `file`. */
  lines: number[];
  description: string;
}

export interface SynthFile {
  file: string;
  format: SynthFormat;
  lines: number;
}

/** The content of labels.json, also returned by generateSynth. */
export interface SynthSummary {
  seed: number;
  start: number;
  end: number;
  files: SynthFile[];
  scenarios: ScenarioLabel[];
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
