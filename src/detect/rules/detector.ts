/**
 * One detector per rule, behind the streaming contract of types.ts. `createDetectorSet` fans a
 * record out to several rules: the live (watch) path pushes records into it one by one.
 */
import type { AlertDraft } from '../../domain/index.js';
import { createZscoreDetector } from '../stats/zscore-detector.js';
import { createErrorRatioDetector } from './error-ratio.js';
import { createInactivityDetector } from './inactivity.js';
import { createKeywordDetector } from './keyword.js';
import { createNewTemplateDetector } from './new-template.js';
import type { TypedRule } from './params.js';
import { createRateSpikeDetector } from './rate-spike.js';
import { createRepeatedMessageDetector } from './repeated-message.js';
import { DEFAULT_DETECTOR_OPTIONS, NO_ALERTS, type DetectRecord, type Detector, type DetectorOptions } from './types.js';
import { createUserFailuresDetector } from './user-failures.js';

export function createDetector(rule: TypedRule, options: Partial<DetectorOptions> = {}): Detector {
  const opts = { ...DEFAULT_DETECTOR_OPTIONS, ...options };
  const detector = byType(rule, opts);
  const services = rule.scope.services ?? [];
  return services.length > 0 ? onlyServices(detector, new Set(services)) : detector;
}

function byType(rule: TypedRule, opts: DetectorOptions): Detector {
  switch (rule.type) {
    case 'keyword':
      return createKeywordDetector(rule, opts);
    case 'user_failures':
      return createUserFailuresDetector(rule, opts);
    case 'repeated_message':
      return createRepeatedMessageDetector(rule, opts);
    case 'inactivity':
      return createInactivityDetector(rule, opts);
    case 'rate_spike':
      return createRateSpikeDetector(rule, opts);
    case 'error_ratio':
      return createErrorRatioDetector(rule, opts);
    case 'new_template':
      return createNewTemplateDetector(rule, opts);
    case 'zscore':
      return createZscoreDetector(rule, opts);
  }
}

/** A rule restricted to some services never sees the others' records. */
function onlyServices(inner: Detector, services: ReadonlySet<string>): Detector {
  return {
    rule: inner.rule,
    contextMs: inner.contextMs,
    get late() {
      return inner.late;
    },
    push: (r) => (services.has(r.service) ? inner.push(r) : NO_ALERTS),
    flush: (until) => inner.flush(until),
  };
}

/** Several rules fed together; alerts come back in rule order. */
export interface DetectorSet {
  readonly detectors: readonly Detector[];
  push(record: DetectRecord): AlertDraft[];
  flush(until: number): AlertDraft[];
}

export function createDetectorSet(rules: readonly TypedRule[], options: Partial<DetectorOptions> = {}): DetectorSet {
  const detectors = rules.map((r) => createDetector(r, options));
  const collect = (f: (d: Detector) => readonly AlertDraft[]) => {
    const out: AlertDraft[] = [];
    for (const d of detectors) {
      const drafts = f(d);
      if (drafts.length > 0) out.push(...drafts);
    }
    return out;
  };
  return {
    detectors,
    push: (record) => collect((d) => d.push(record)),
    flush: (until) => collect((d) => d.flush(until)),
  };
}
