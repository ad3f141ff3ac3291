import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { firstError } from './messages.js';
import { LoginBody, LogsQuery, RuleBody, UserCreateBody } from './schemas.js';

function errorOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be rejected');
  return firstError(result.error, input);
}

describe('validation messages', () => {
  it('names the field and the bound', () => {
    expect(errorOf(LogsQuery, { limit: '5000' })).toEqual({ field: 'limit', message: 'limit must be ≤ 1000' });
    expect(errorOf(LogsQuery, { limit: '0' })).toEqual({ field: 'limit', message: 'limit must be ≥ 1' });
  });

  it('says what type a field needs', () => {
    expect(errorOf(LogsQuery, { limit: 'many' }).message).toBe('limit must be a number');
    expect(errorOf(LogsQuery, { limit: '2.5' }).message).toBe('limit must be an integer');
  });

  it('says a missing field is required and an empty one must not be empty', () => {
    expect(errorOf(LoginBody, { password: 'x' })).toEqual({ field: 'username', message: 'username is required' });
    expect(errorOf(LoginBody, { username: '  ', password: 'x' }).message).toBe('username must not be empty');
  });

  it('lists the allowed values of an enum', () => {
    expect(errorOf(LogsQuery, { level: 'LOUD' }).message).toBe('level must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL');
  });

  it('names unknown fields', () => {
    expect(errorOf(LoginBody, { username: 'a', password: 'b', remember: true })).toEqual({ field: null, message: 'unknown field "remember"' });
  });

  it('uses the custom sentence of a refinement', () => {
    expect(errorOf(LogsQuery, { since: 'yesterday-ish' })).toEqual({ field: 'since', message: 'since must be a time (epoch milliseconds or ISO 8601)' });
    expect(errorOf(UserCreateBody, { name: 'a b', role: 'admin', password: 'long enough' }).message).toBe(
      'name may only use letters, digits and _ . @ -',
    );
  });

  it('gives string lengths in characters', () => {
    expect(errorOf(UserCreateBody, { name: 'ann', role: 'viewer', password: 'short' }).message).toBe('password must be at least 8 characters');
    expect(errorOf(RuleBody, { name: 'x'.repeat(101), type: 'keyword' }).message).toBe('name must be at most 100 characters');
  });
});
