import type { AlertScope, AlertSource, Factor, Incident, Severity } from '../domain/index.js';

/** What every channel receives: an incident, the alerts behind it, and why (top factors). JSON-serialisable. */
export interface NotifyPayload {
  kind: 'incident';
  incident: Pick<Incident, 'id' | 'title' | 'status' | 'severity' | 'start' | 'end' | 'services' | 'users' | 'hosts'>;
  alerts: NotifyAlert[];
  /** The heaviest factors across the alerts, one per distinct sentence. */
  topFactors: Factor[];
  /** Where to look at the incident in the dashboard, when a base URL is configured. */
  link: string | null;
}

export interface NotifyAlert {
  id: number;
  source: AlertSource;
  ruleName: string;
  severity: Severity;
  scope: AlertScope;
  windowStart: number;
  windowEnd: number;
  message: string;
}

/** Which delivery a send belongs to: receivers may use the id to drop duplicates across retries. */
export interface SendMeta {
  deliveryId: number;
  /** 1 for the first attempt. */
  attempt: number;
}

/** A channel never throws: a failure is a value, and says whether trying again may help. */
export type SendOutcome = { kind: 'sent' } | { kind: 'failed'; error: string; retryable: boolean };

export interface Channel {
  readonly name: string;
  readonly type: string;
  send(payload: NotifyPayload, meta: SendMeta): Promise<SendOutcome>;
}
