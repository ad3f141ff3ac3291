/**
 * Alert identity. The *family* of an alert is its rule and scope: "ssh-bruteforce for ip 10.0.0.9".
 * Its *fingerprint* adds the detector's key and the time bucket of the episode, so re-running
 * detection over the same data yields the same fingerprints and the store writes nothing twice.
 */
import { createHash } from 'node:crypto';
import type { AlertScope } from '../../domain/index.js';

/** A canonical, unambiguous text for a scope (field order fixed, absent fields null). */
export function scopeKey(scope: AlertScope): string {
  return JSON.stringify([scope.service ?? null, scope.host ?? null, scope.user ?? null, scope.ip ?? null, scope.templateId ?? null]);
}

export function familyKey(ruleName: string, scope: AlertScope): string {
  return `${ruleName}\u0000${scopeKey(scope)}`;
}

export interface FingerprintParts {
  ruleName: string;
  scope: AlertScope;
  /** Start of the episode's time bucket (epoch ms), e.g. the window-aligned firing time. */
  bucket: number;
  /** Separates alerts that share a scope but not a key (two different repeated messages). */
  key?: string;
}

export function fingerprint(parts: FingerprintParts): string {
  return createHash('sha256')
    .update(`${familyKey(parts.ruleName, parts.scope)}\u0000${parts.key ?? ''}\u0000${parts.bucket}`)
    .digest('hex')
    .slice(0, 32);
}

/** Start of the `sizeMs` bucket holding `ts` (buckets aligned to the epoch). */
export function bucketStart(ts: number, sizeMs: number): number {
  return Math.floor(ts / sizeMs) * sizeMs;
}
