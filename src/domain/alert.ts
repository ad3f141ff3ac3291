import type { Factor } from './factor.js';
import type { Severity } from './severity.js';

/** Rule alerts, z-score spikes and ML anomalies are all alerts; `source` tells them apart. */
export type AlertSource = 'rule' | 'zscore' | 'ml';
export type AlertStatus = 'open' | 'acked' | 'resolved';

/** The dimension values an alert is about (any subset). */
export interface AlertScope {
  service?: string;
  host?: string;
  user?: string;
  ip?: string;
  templateId?: number;
}

/** What a detector emits, before the store gives it an id. */
export interface AlertDraft {
  /** rule + scope + window: a second detection run producing the same fingerprint writes nothing. */
  fingerprint: string;
  source: AlertSource;
  ruleId: number | null;
  ruleName: string;
  severity: Severity;
  scope: AlertScope;
  windowStart: number;
  windowEnd: number;
  observed: number;
  threshold: number;
  /** ML score in 0–1 where applicable. */
  score: number | null;
  message: string;
  /** Ids of up to K sample log lines: the evidence. */
  evidence: number[];
  factors: Factor[];
}

export interface Alert extends AlertDraft {
  id: number;
  createdAt: number;
  status: AlertStatus;
  incidentId: number | null;
}

export const MAX_EVIDENCE = 20;
