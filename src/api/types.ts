/**
 * The REST API's responses. Plain TypeScript types over the domain: the server returns them and
 * the dashboard reads them, so a change in one shows up as a type error in the other.
 */
import type { Alert, Factor, Incident, Severity, StoredLog, Template } from '../domain/index.js';
import type { Role } from '../store/store.js';
import type { Segment } from './highlight.js';

export type { Alert, Factor, Incident, Role, Severity, StoredLog, Template };

/** Every error body: a sentence, and the request field it is about when there is one. */
export interface ApiErrorBody {
  error: string;
  field?: string;
}

export interface Page<T> {
  rows: T[];
  nextCursor: string | null;
}

export interface UserView {
  id: number;
  name: string;
  role: Role;
  createdAt: number;
}

export interface MeResponse {
  user: UserView;
  /** The token to send as `x-csrf-token` with state-changing requests (null for API tokens). */
  csrf: string | null;
}

export interface TokenView {
  id: number;
  name: string;
  userId: number;
  createdAt: number;
  lastUsedAt: number | null;
}

/** The only response that ever shows a token: keep it, it cannot be read back. */
export interface TokenCreated extends TokenView {
  token: string;
}

export interface ServiceSummary {
  service: string;
  count: number;
  firstTs: number;
  lastTs: number;
}

export interface TemplateRow extends Template {
  /** Counts per bucket over the last day of data, oldest first (when asked for). */
  spark?: number[];
}

export interface EvidenceLine {
  log: StoredLog;
  template: Pick<Template, 'id' | 'text' | 'name'> | null;
  /** The message cut into literal text and template parameters, for highlighting. */
  segments: Segment[];
}

export interface IncidentDetail {
  incident: Incident;
  alerts: Alert[];
  /** Why: the members' explanation factors, strongest first, each sentence once. */
  factors: Factor[];
  evidence: EvidenceLine[];
  /** Statistical and ML anomalies around the incident that are not among its alerts. */
  related: Alert[];
}

export interface VolumePoint {
  service: string;
  bucket: number;
  count: number;
  errors: number;
}

export interface ChartMarker {
  alertId: number;
  ts: number;
  /** Rule alerts are `alert`; z-score and ML findings are `anomaly`. */
  kind: 'alert' | 'anomaly';
  severity: Severity;
  service: string | null;
  label: string;
}

export interface StatsResponse {
  since: number;
  until: number;
  bucketMs: number;
  services: string[];
  volume: VolumePoint[];
  markers: ChartMarker[];
}

export interface RuleTypeInfo {
  type: string;
  /** JSON Schema of the type's parameters (defaults included). */
  params: unknown;
}
