import { describe, expect, it } from 'vitest';
import { formatDuration, formatHour, formatTimestamp, hourOfDay, HOUR, MINUTE } from './time.js';

describe('time helpers', () => {
  const ts = Date.UTC(2024, 0, 15, 3, 12, 44);

  it('formats timestamps and hours, with an optional UTC offset', () => {
    expect(formatTimestamp(ts)).toBe('2024-01-15 03:12:44');
    expect(formatTimestamp(ts, -4 * 60)).toBe('2024-01-14 23:12:44');
    expect(formatTimestamp(Number.NaN)).toBe('invalid time');
    expect(hourOfDay(ts, 120)).toBe(5);
    expect(formatHour(3)).toBe('03:00');
    expect(formatHour(24)).toBe('00:00');
  });

  it.each([
    [45_000, '45 s'],
    [2 * MINUTE, '2 min'],
    [HOUR + 5 * MINUTE + 30_000, '1 h 5 min'],
    [HOUR + 30_000, '1 h'],
    [26 * HOUR + 7 * MINUTE, '1 d 2 h'],
  ])('formats a duration of %s ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
