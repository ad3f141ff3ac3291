import type { FormatName } from '../formats/format.js';
import type { Rng } from './prng.js';

export const SCENARIOS = ['brute_force', 'error_storm', 'service_silent', 'volume_spike', 'new_error', 'sequence'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** How to decode a generated file: a `--format` name, plus a `--preset` for line formats. */
export interface SynthFormat {
  format: FormatName;
  preset?: string;
}

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
  decode: SynthFormat;
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

export interface SynthFile extends SynthFormat {
  file: string;
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
