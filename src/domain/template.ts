/** A mined (or user-defined) log template, as stored. */
export interface Template {
  /** Stable id assigned by the store under a unique key on `key`. */
  id: number;
  /** Identity of the cluster: the group (service) and the text it was created with. Never changes. */
  key: string;
  /** The group the template was mined in (normally the service). */
  service: string;
  /** Current template text, variables as `<*>` or named masks such as `<IP>`. */
  text: string;
  /** Optional human name ("Database connectivity"). */
  name: string | null;
  /** Frozen templates are never generalised further. */
  frozen: boolean;
  /** Added by a user rather than mined. */
  custom: boolean;
  /** Marked "normal" by a user: it never alerts as new or rare. */
  normal: boolean;
  count: number;
  firstSeen: number;
  lastSeen: number;
  example: string;
}

export function templateLabel(t: Pick<Template, 'name' | 'text'>): string {
  return t.name ?? t.text;
}
