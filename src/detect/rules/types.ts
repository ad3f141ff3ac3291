/**
 * The streaming detector contract shared by every rule type. The live path feeds records one by
 * one; the batch runner feeds pages from the store. Either way a detector owns its state, sees each
 * record once, and returns the alerts that record triggered.
 */
import type { AlertDraft } from '../../domain/index.js';
import type { ScannedLog } from '../../store/store.js';
import type { TypedRule } from './params.js';

/** What a detector reads of a stored record (a StoredLog fits; the batch runner scans only these fields). */
export type DetectRecord = ScannedLog;

export const MINUTE = 60_000;

/** Out-of-order records up to this much older than their scope's newest record are still counted. */
export const DEFAULT_LATENESS_MS = 5 * MINUTE;

/** What a detector may know about a template beyond the records it has seen. */
export interface TemplateInfo {
  service: string;
  text: string;
  /** Data time of the template's earliest record. */
  firstSeen: number;
  /** Marked "normal" by a user: never news. */
  normal: boolean;
}

/**
 * History older than the records a detector is fed (the store's templates and services). Without
 * it, a detector takes the first record it sees of a template or service as the first ever.
 */
export interface DetectCatalog {
  template(id: number): TemplateInfo | undefined;
  /** Data time of a service's earliest stored record. */
  serviceFirstTs(service: string): number | undefined;
}

export interface DetectorOptions {
  latenessMs: number;
  catalog?: DetectCatalog;
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = { latenessMs: DEFAULT_LATENESS_MS };

export interface Detector {
  readonly rule: TypedRule;
  /**
   * How much data (by data time) before the first unseen record a fresh detector must replay to
   * rebuild its state exactly; the lateness allowance is included.
   */
  readonly contextMs: number;
  /** Records dropped because they arrived later than the lateness allows. */
  readonly late: number;
  /** Feed one record; returns the alerts it triggered (usually none). */
  push(record: DetectRecord): readonly AlertDraft[];
  /** Time has reached `until` (data time in batch, the clock in live mode): alerts due to time alone. */
  flush(until: number): readonly AlertDraft[];
}

/** Shared empty result: the hot path allocates nothing when a record triggers no alert. */
export const NO_ALERTS: readonly AlertDraft[] = Object.freeze([]);
