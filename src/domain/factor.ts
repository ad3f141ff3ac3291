/**
 * Why something is anomalous. Each factor has a machine-readable form (`kind` + fields)
 * and a sentence (`text`); `weight` (0–1) orders factors within one anomaly.
 */
import type { Level } from './level.js';

export type Factor =
  | { kind: 'new_template'; text: string; weight: number; templateId: number | null; template: string }
  | { kind: 'unusual_time'; text: string; weight: number; hour: number; normalHours: [number, number] }
  | { kind: 'burst'; text: string; weight: number; observed: number; windowMinutes: number; normal: number }
  | { kind: 'sequence'; text: string; weight: number; expected: string[]; actual: string[] }
  | { kind: 'rare_param'; text: string; weight: number; field: string; value: string; seen: number }
  | { kind: 'error_ratio'; text: string; weight: number; ratio: number; normal: number }
  | { kind: 'rule'; text: string; weight: number; rule: string; threshold: number; observed: number }
  | { kind: 'silence'; text: string; weight: number; idleMinutes: number; maxIdleMinutes: number }
  | { kind: 'severity'; text: string; weight: number; level: Level }
  | { kind: 'rare_template'; text: string; weight: number; templateId: number | null; template: string; seen: number };

export type FactorKind = Factor['kind'];
