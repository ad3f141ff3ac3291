/** Helpers for detector tests: records, validated rules, and feeding a detector. */
import type { AlertDraft, Rule, RuleType, StoredLog } from '../../domain/index.js';
import type { RuleOfType } from './params.js';
import { validateRule } from './schema.js';
import { MINUTE, type Detector } from './types.js';

/** 2024-01-01T00:00:00Z: a minute-, hour- and day-aligned origin. */
export const T0 = Date.UTC(2024, 0, 1);

export const minutes = (n: number): number => n * MINUTE;

let nextId = 1;

export function rec(fields: Partial<StoredLog> & { ts: number }): StoredLog {
  return {
    id: nextId++,
    service: 'api',
    level: 'INFO',
    message: 'ok',
    attrs: {},
    source: { file: 'test.log', line: 1, offset: 0 },
    templateId: null,
    params: [],
    ...fields,
  };
}

/** A validated rule of `type` (defaults applied); throws on invalid params, as tests want. */
export function makeRule<T extends RuleType>(type: T, params: Record<string, unknown> = {}, head: Partial<Rule> = {}): RuleOfType<T> {
  const outcome = validateRule({ id: 1, name: `${type}-test`, type, params, severity: 'HIGH', enabled: true, scope: {}, ...head });
  if (outcome.kind === 'error') throw new Error(outcome.message);
  return outcome.rule as RuleOfType<T>;
}

/** Push every record, then flush at `until` if given; all alerts in order. */
export function feed(detector: Detector, records: readonly StoredLog[], until?: number): AlertDraft[] {
  const out: AlertDraft[] = [];
  for (const r of records) out.push(...detector.push(r));
  if (until !== undefined) out.push(...detector.flush(until));
  return out;
}

/** Records of one service at the given minute offsets from T0. */
export function at(offsets: readonly number[], fields: Partial<StoredLog> = {}): StoredLog[] {
  return offsets.map((m) => rec({ ...fields, ts: T0 + minutes(m) }));
}
