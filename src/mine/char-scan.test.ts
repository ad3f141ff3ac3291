import { describe, expect, it } from 'vitest';
import { matchDateWord, matchEmail, matchIPv4, matchPath, matchURL, matchUUID } from './char-scan.js';

/** The matched text of a matcher run at the start of `s`, or null. */
function run(match: (t: string, p: number, e: number) => number, s: string): string | null {
  const end = match(s, 0, s.length);
  return end < 0 ? null : s.slice(0, end);
}

describe('character-class matchers', () => {
  it('matches IPv4 addresses and nothing longer or shorter', () => {
    expect(run(matchIPv4, '10.250.19.102:54106')).toBe('10.250.19.102');
    expect(run(matchIPv4, '10.250.19')).toBeNull();
    expect(run(matchIPv4, '1.2.3.4.5')).toBeNull();
    expect(run(matchIPv4, '1234.2.3.4')).toBeNull();
    expect(run(matchIPv4, '1.2.3.4a')).toBeNull();
  });

  it('matches UUIDs', () => {
    expect(run(matchUUID, '550e8400-e29b-41d4-a716-446655440000,')).toBe('550e8400-e29b-41d4-a716-446655440000');
    expect(run(matchUUID, '550e8400-e29b-41d4-a716-44665544000')).toBeNull();
    expect(run(matchUUID, '550e8400-e29b-41d4-a716-446655440000x')).toBeNull();
  });

  it('matches URLs without their trailing punctuation', () => {
    expect(run(matchURL, 'https://example.com/a?b=1).')).toBe('https://example.com/a?b=1');
    expect(run(matchURL, 'https:/x')).toBeNull();
    expect(run(matchURL, '://x')).toBeNull();
  });

  it('matches paths with two separators, or anchored ones', () => {
    expect(run(matchPath, '/var/log/messages,')).toBe('/var/log/messages');
    expect(run(matchPath, '~/notes.txt')).toBe('~/notes.txt');
    expect(run(matchPath, '../lib/x.js')).toBe('../lib/x.js');
    expect(run(matchPath, 'C:\\Windows\\system32')).toBe('C:\\Windows\\system32');
    expect(run(matchPath, '/10.0.0.1:80')).toBeNull();
    expect(run(matchPath, '//host/share')).toBeNull();
    expect(run(matchPath, '/')).toBeNull();
  });

  it('matches e-mail addresses', () => {
    expect(run(matchEmail, 'bob.smith+x@mail.example.com.')).toBe('bob.smith+x@mail.example.com');
    expect(run(matchEmail, 'bob@localhost')).toBeNull();
    expect(run(matchEmail, '@example.com')).toBeNull();
  });

  it('matches capitalised day and month names only', () => {
    expect(run(matchDateWord, 'Jun')).toBe('Jun');
    expect(run(matchDateWord, 'Sunday,')).toBe('Sunday');
    expect(run(matchDateWord, 'JUL')).toBe('JUL');
    expect(run(matchDateWord, 'jun')).toBeNull();
    expect(run(matchDateWord, 'Junk')).toBeNull();
    expect(run(matchDateWord, 'Mayday')).toBeNull();
  });
});
