import type { Severity } from './severity.js';

export type IncidentStatus = 'open' | 'acked' | 'resolved';

export interface Incident {
  id: number;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  start: number;
  end: number;
  services: string[];
  templateIds: number[];
  users: string[];
  hosts: string[];
  /** Alert ids. */
  members: number[];
  updatedAt: number;
  resolvedAt: number | null;
}
