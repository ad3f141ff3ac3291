import { describe, expect, it } from 'vitest';
import { bucketStart, familyKey, fingerprint, scopeKey } from './fingerprint.js';

describe('fingerprint', () => {
  const base = { ruleName: 'r', scope: { service: 'api', user: 'root' }, bucket: 600_000 };

  it('is stable for the same rule, scope, key and bucket', () => {
    expect(fingerprint(base)).toBe(fingerprint({ ...base, scope: { user: 'root', service: 'api' } }));
    expect(fingerprint(base)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('changes with any part', () => {
    const fp = fingerprint(base);
    expect(fingerprint({ ...base, ruleName: 'r2' })).not.toBe(fp);
    expect(fingerprint({ ...base, scope: { service: 'api' } })).not.toBe(fp);
    expect(fingerprint({ ...base, bucket: 1_200_000 })).not.toBe(fp);
    expect(fingerprint({ ...base, key: 'message' })).not.toBe(fp);
  });

  it('keeps scopes unambiguous whatever their values contain', () => {
    expect(scopeKey({ service: 'a', host: 'b' })).not.toBe(scopeKey({ service: 'a,b' }));
    expect(scopeKey({ user: 'x' })).not.toBe(scopeKey({ host: 'x' }));
    expect(familyKey('r', { service: 'a' })).not.toBe(familyKey('r', { service: 'a', templateId: 1 }));
  });

  it('aligns buckets to the epoch', () => {
    expect(bucketStart(1_234_567, 60_000)).toBe(1_200_000);
    expect(bucketStart(1_200_000, 60_000)).toBe(1_200_000);
  });
});
