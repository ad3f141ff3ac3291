/** Grouping records into scopes by a list of fields (`group_by: [user, ip]`). */
import type { AlertScope } from '../../domain/index.js';

export type GroupField = 'service' | 'host' | 'user' | 'ip';

/** The fields a record (or an identity extracted from it) can be grouped by. */
export interface Identity {
  service: string;
  host?: string;
  user?: string;
  ip?: string;
}

export interface Grouping {
  /** A key unique per combination of the fields' values; absent values group together. */
  keyOf(id: Identity): string;
  /** The scope: the grouped fields that have a value. */
  scopeOf(id: Identity): AlertScope;
  /** True when at least one grouped field has a value. */
  attributable(id: Identity): boolean;
}

const SEP = '\u001f';

export function grouping(fields: readonly GroupField[]): Grouping {
  const only = fields.length === 1 ? fields[0]! : null;
  return {
    keyOf: only ? (id) => id[only] ?? '' : (id) => fields.map((f) => id[f] ?? '').join(SEP),
    scopeOf(id) {
      const scope: AlertScope = {};
      for (const f of fields) if (id[f] !== undefined) scope[f] = id[f];
      return scope;
    },
    attributable: (id) => fields.some((f) => id[f] !== undefined),
  };
}
