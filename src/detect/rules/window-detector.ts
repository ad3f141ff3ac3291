/**
 * The engine of the sliding-window rules (keyword, user_failures, repeated_message, rate_spike,
 * error_ratio). A rule supplies how records map to scope keys and the pure decision; the engine
 * keeps one SlidingWindow per key, evaluates the window ending at each counted record, and applies
 * the episode policy (decisions.ts) so a condition that stays true alerts once.
 *
 * Time is per key: each scope has its own clock (its newest record), so records of different
 * services may arrive interleaved in any order. A record older than its key's newest by more than
 * the lateness is dropped (and counted); within the lateness it is inserted in place and the windows
 * ending at it and at the last entry it falls under are evaluated (an approximation for late data:
 * windows in between are not).
 */
import type { AlertDraft, AlertScope, Factor } from '../../domain/index.js';
import { MAX_EVIDENCE } from '../../domain/index.js';
import { episodeStarts, type WindowCounts } from './decisions.js';
import { buildDraft } from './draft.js';
import { bucketStart } from './fingerprint.js';
import type { TypedRule } from './params.js';
import { SlidingWindow } from './sliding-window.js';
import { MINUTE, NO_ALERTS, type DetectRecord, type Detector, type DetectorOptions } from './types.js';

/** A window that satisfied the rule. */
export interface FiredWindow {
  scope: AlertScope;
  /** The key's label (see WindowRule.labelOf). */
  label: string;
  counts: WindowCounts;
  windowStart: number;
  windowEnd: number;
}

export interface AlertText {
  observed: number;
  threshold: number;
  message: string;
  factors?: Factor[];
}

export interface WindowRule {
  /** The scope key a record counts under, or null when it does not count. Called for every record. */
  keyOf(record: DetectRecord): string | null;
  /** The alert scope of a key, from the first record counted under it. */
  scopeOf(record: DetectRecord): AlertScope;
  /** Words for a key, from its first record (e.g. the repeated message). */
  labelOf?(record: DetectRecord): string;
  /** Marks records the decision counts apart (error_ratio: ERROR and worse). */
  flagOf?(record: DetectRecord): boolean;
  /** The decision over one window's counts; called for every counted record, so it must not allocate. */
  holds(total: number, flagged: number): boolean;
  describe(fired: FiredWindow): AlertText;
  /** Draw evidence from flagged records only. */
  evidenceFlaggedOnly?: boolean;
}

export interface WindowTiming {
  windowMinutes: number;
  /** Defaults to the window. */
  cooldownMinutes?: number;
}

interface KeyState {
  window: SlidingWindow;
  scope: AlertScope;
  label: string;
  service: string;
  lastHeld: number;
}

/** Stale keys are swept every this many counted records, once there are enough keys to matter. */
const SWEEP_EVERY = 16_384;
const SWEEP_MIN_KEYS = 1_000;

export function createWindowDetector(rule: TypedRule, spec: WindowRule, timing: WindowTiming, opts: DetectorOptions): Detector {
  const windowMs = timing.windowMinutes * MINUTE;
  const cooldownMs = (timing.cooldownMinutes ?? timing.windowMinutes) * MINUTE;
  const { latenessMs } = opts;
  /** Entries kept behind a key's newest: enough for a late record's windows. */
  const retainMs = windowMs + latenessMs;
  const keys = new Map<string, KeyState>();
  let late = 0;
  let sinceSweep = 0;

  function evaluate(key: string, s: KeyState, end: number, hi: number): AlertDraft | null {
    const w = s.window;
    const lo = w.upperBound(end - windowMs);
    const total = hi - lo;
    const flagged = w.flaggedIn(lo, hi);
    if (!spec.holds(total, flagged)) return null;
    const starts = episodeStarts(s.lastHeld, end, cooldownMs);
    s.lastHeld = Math.max(s.lastHeld, end);
    if (!starts) return null;
    const fired = { scope: s.scope, label: s.label, counts: { total, flagged }, windowStart: end - windowMs, windowEnd: end };
    const text = spec.describe(fired);
    return buildDraft({
      rule,
      scope: s.scope,
      key,
      windowStart: fired.windowStart,
      windowEnd: end,
      bucket: bucketStart(end, windowMs),
      ...text,
      evidence: w.idsIn(lo, hi, MAX_EVIDENCE, spec.evidenceFlaggedOnly),
    });
  }

  /** A late entry at `at`: the window ending at it, then the last window it still falls in. */
  function evaluateLate(key: string, s: KeyState, at: number): AlertDraft | null {
    const w = s.window;
    const ts = w.tsAt(at);
    const first = evaluate(key, s, ts, w.upperBound(ts));
    if (first) return first;
    const last = w.lowerBound(ts + windowMs) - 1;
    return last > at ? evaluate(key, s, w.tsAt(last), last + 1) : null;
  }

  function sweep(): void {
    const clocks = new Map<string, number>();
    for (const s of keys.values()) clocks.set(s.service, Math.max(clocks.get(s.service) ?? -Infinity, s.window.newest));
    for (const [key, s] of keys) {
      if (s.window.newest < clocks.get(s.service)! - retainMs - cooldownMs) keys.delete(key);
    }
  }

  return {
    rule,
    contextMs: windowMs + cooldownMs + latenessMs,
    get late() {
      return late;
    },
    push(record) {
      const key = spec.keyOf(record);
      if (key === null) return NO_ALERTS;
      let s = keys.get(key);
      if (s === undefined) {
        s = {
          window: new SlidingWindow(),
          scope: spec.scopeOf(record),
          label: spec.labelOf?.(record) ?? '',
          service: record.service,
          lastHeld: -Infinity,
        };
        keys.set(key, s);
      }
      const w = s.window;
      if (record.ts < w.newest - latenessMs) {
        late++;
        return NO_ALERTS;
      }
      const at = w.add(record.ts, record.id, spec.flagOf?.(record) ?? false);
      const draft = at === w.end - 1 ? evaluate(key, s, record.ts, w.end) : evaluateLate(key, s, at);
      w.evictThrough(w.newest - retainMs);
      if (++sinceSweep >= SWEEP_EVERY) {
        sinceSweep = 0;
        if (keys.size >= SWEEP_MIN_KEYS) sweep();
      }
      return draft ? [draft] : NO_ALERTS;
    },
    flush() {
      return NO_ALERTS;
    },
  };
}
