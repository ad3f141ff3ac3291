import type { Severity } from './severity.js';

export const RULE_TYPES = [
  'keyword',
  'user_failures',
  'repeated_message',
  'inactivity',
  'rate_spike',
  'error_ratio',
  'new_template',
  'zscore',
] as const;
export type RuleType = (typeof RULE_TYPES)[number];

/** A rule as stored. `params` is validated by the rule type's zod schema (src/detect/rules/schema.ts). */
export interface Rule {
  id: number;
  name: string;
  type: RuleType;
  params: Record<string, unknown>;
  severity: Severity;
  enabled: boolean;
  /** Optional restriction to services (empty: all). */
  scope: { services?: string[] };
  description?: string;
}

export type RuleDraft = Omit<Rule, 'id'>;
