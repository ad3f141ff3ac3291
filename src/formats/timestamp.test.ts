import { describe, expect, it } from 'vitest';
import { civilToEpoch, epochFromNumber, parseTimestamp, timestampContext } from './timestamp.js';
import { resolveTimeZone } from './timezone.js';

const NOW = Date.UTC(2025, 10, 21, 12, 0, 0); // 2025-11-21T12:00:00Z
const utc = timestampContext({ now: NOW });
const iso = (text: string, ctx = utc): string => {
  const ms = parseTimestamp(text, ctx);
  return Number.isNaN(ms) ? 'NaN' : new Date(ms).toISOString();
};

describe('parseTimestamp shapes', () => {
  it.each([
    ['2024-01-15T10:23:45Z', '2024-01-15T10:23:45.000Z'],
    ['2024-01-15T10:23:45.123456789Z', '2024-01-15T10:23:45.123Z'],
    ['2024-01-15t10:23:45.5z', '2024-01-15T10:23:45.500Z'],
    ['2024-01-15 10:23:45', '2024-01-15T10:23:45.000Z'],
    ['2024-01-15T10:23', '2024-01-15T10:23:00.000Z'],
    ['2024-01-15', '2024-01-15T00:00:00.000Z'],
    ['2024/01/15 10:23:45', '2024-01-15T10:23:45.000Z'],
    ['2015-10-18 18:01:47,978', '2015-10-18T18:01:47.978Z'],
    ['2005-06-03-15.42.50.675872', '2005-06-03T15:42:50.675Z'],
    ['10/Oct/2000:13:55:36 -0700', '2000-10-10T20:55:36.000Z'],
    ['Sun Dec 04 04:47:44 2005', '2005-12-04T04:47:44.000Z'],
    ['Mon Dec  5 07:57:02.123456 2005', '2005-12-05T07:57:02.123Z'],
    ['081109 203518', '2008-11-09T20:35:18.000Z'],
    ['17/06/09 20:10:40', '2017-06-09T20:10:40.000Z'],
    ['20171223-22:15:29:606', '2017-12-23T22:15:29.606Z'],
    ['20171224-8:04:0:9', '2017-12-24T08:04:00.009Z'],
    ['1117838570', '2005-06-03T22:42:50.000Z'],
    ['1117838570.25', '2005-06-03T22:42:50.250Z'],
    ['1705314225123', '2024-01-15T10:23:45.123Z'],
    ['  2024-01-15T10:23:45Z  ', '2024-01-15T10:23:45.000Z'],
  ])('%s → %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each([
    ['2024-01-15T10:23:45+02:00', '2024-01-15T08:23:45.000Z'],
    ['2024-01-15T10:23:45+0530', '2024-01-15T04:53:45.000Z'],
    ['2024-01-15T10:23:45-03', '2024-01-15T13:23:45.000Z'],
    ['2024-01-15 10:23:45 UTC', '2024-01-15T10:23:45.000Z'],
    ['2024-01-15 10:23:45 GMT', '2024-01-15T10:23:45.000Z'],
  ])('honours the written zone of %s', (text, expected) => {
    expect(iso(text, timestampContext({ zone: resolveTimeZone('+09:00'), now: NOW }))).toBe(expected);
  });

  it.each([
    '', 'garbage', '2024-02-30T00:00:00Z', '2023-02-29 00:00:00', '2024-13-01', '2024-01-15T24:00:00Z', '2024-01-15T10:60:00Z',
    '2024-01-15T10:23:45+25:00', '2024-01-15T10:23:45 tomorrow', '32/Oct/2000:13:55:36 -0700', '10/Foo/2000:13:55:36 -0700',
    'Foo 14 15:16:01', 'Jun 14', '123', '081109 20351', '-1117838570',
  ])('rejects %j', (text) => {
    expect(parseTimestamp(text, utc)).toBeNaN();
  });

  it('accepts Feb 29 in leap years only', () => {
    expect(iso('2024-02-29 12:00:00')).toBe('2024-02-29T12:00:00.000Z');
    expect(iso('2000-02-29 12:00:00')).toBe('2000-02-29T12:00:00.000Z');
    expect(iso('1900-02-29 12:00:00')).toBe('NaN');
  });
});

describe('zone-less timestamps', () => {
  it('are read in the context zone (fixed offsets have no DST)', () => {
    const minus7 = timestampContext({ zone: resolveTimeZone('-07:00'), now: NOW });
    expect(iso('2024-01-15 10:00:00', minus7)).toBe('2024-01-15T17:00:00.000Z');
    expect(iso('2024-07-15 10:00:00', minus7)).toBe('2024-07-15T17:00:00.000Z');
    expect(iso('081109 203518', minus7)).toBe('2008-11-10T03:35:18.000Z');
  });

  it('follow daylight saving time in IANA zones', () => {
    const paris = timestampContext({ zone: resolveTimeZone('Europe/Paris'), now: NOW });
    expect(iso('2024-01-15 12:00:00', paris)).toBe('2024-01-15T11:00:00.000Z');
    expect(iso('2024-07-15 12:00:00', paris)).toBe('2024-07-15T10:00:00.000Z');
  });

  it('leave explicit zones alone whatever the context zone', () => {
    const paris = timestampContext({ zone: resolveTimeZone('Europe/Paris'), now: NOW });
    expect(iso('2024-07-15T12:00:00Z', paris)).toBe('2024-07-15T12:00:00.000Z');
    expect(iso('1117838570', paris)).toBe('2005-06-03T22:42:50.000Z');
  });
});

describe('year inference for year-less shapes', () => {
  it('uses the current year when that is not in the future', () => {
    expect(iso('Jun 14 15:16:01')).toBe('2025-06-14T15:16:01.000Z');
    expect(iso('03-17 16:13:38.811')).toBe('2025-03-17T16:13:38.811Z');
  });

  it('allows up to a month in the future (clock skew, late rotation)', () => {
    expect(iso('Dec 10 06:55:46')).toBe('2025-12-10T06:55:46.000Z');
  });

  it('goes back a year when the date would be more than a month ahead', () => {
    expect(iso('Dec 31 23:59:59')).toBe('2024-12-31T23:59:59.000Z');
    const january = timestampContext({ now: Date.UTC(2026, 0, 2) });
    expect(iso('Dec 31 23:59:59', january)).toBe('2025-12-31T23:59:59.000Z');
  });

  it('moves into next year for early-January lines read on New Year\'s Eve', () => {
    const newYearsEve = timestampContext({ now: Date.UTC(2025, 11, 31, 23, 0) });
    expect(iso('Jan  1 00:30:00', newYearsEve)).toBe('2026-01-01T00:30:00.000Z');
  });

  it('finds the last leap year for Feb 29', () => {
    expect(iso('Feb 29 10:00:00')).toBe('2024-02-29T10:00:00.000Z');
  });

  it('takes a year written after the time', () => {
    expect(iso('Jun 14 15:16:01 2019')).toBe('2019-06-14T15:16:01.000Z');
  });
});

describe('helpers', () => {
  it('epochFromNumber tells seconds, millis, micros and nanos apart', () => {
    expect(epochFromNumber(1_705_314_225)).toBe(1_705_314_225_000);
    expect(epochFromNumber(1_705_314_225_123)).toBe(1_705_314_225_123);
    expect(epochFromNumber(1_705_314_225_123_456)).toBe(1_705_314_225_123);
    expect(epochFromNumber(1_705_314_225_123_456_789)).toBe(1_705_314_225_123);
    expect(epochFromNumber(-5)).toBeNaN();
    expect(epochFromNumber(Number.NaN)).toBeNaN();
  });

  it('civilToEpoch agrees with Date.UTC across eras', () => {
    for (const [y, m, d] of [[1970, 1, 1], [1999, 12, 31], [2000, 2, 29], [2038, 1, 19], [1900, 3, 1], [2400, 2, 29]]) {
      expect(civilToEpoch(y, m, d, 13, 14, 15, 16)).toBe(Date.UTC(y, m - 1, d, 13, 14, 15, 16));
    }
    expect(civilToEpoch(2024, 4, 31, 0, 0, 0, 0)).toBeNaN();
  });
});

describe('the fixed-position ISO path', () => {
  const ctx = timestampContext({ now: Date.UTC(2024, 5, 1) });
  const iso = (ms: number, fraction: boolean, joint: string): string => {
    const text = new Date(ms).toISOString().replace('T', joint);
    return fraction ? text : text.slice(0, 19) + 'Z';
  };

  it('gives what the general path gives for the same instant written +00:00 (and what Date.parse gives)', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 16807) % 2147483647);
    for (let k = 0; k < 2000; k++) {
      const ms = Date.UTC(1900, 0, 1) + (next() % 200_000) * 86_400_000 * 0.73 + (next() % 86_400_000);
      for (const fraction of [true, false]) {
        for (const joint of ['T', ' ']) {
          const text = iso(Math.floor(ms), fraction, joint);
          const general = parseTimestamp(text.replace('Z', '+00:00'), ctx);
          expect(parseTimestamp(text, ctx), text).toBe(general);
          expect(parseTimestamp(`  ${text} `, ctx), text).toBe(general);
          expect(general, text).toBe(Date.parse(text.replace(' ', 'T')));
        }
      }
    }
  });

  it('refuses impossible dates and times as the general path does, date memo or not', () => {
    for (const text of ['2024-02-30T00:00:00.000Z', '2023-02-29T10:00:00Z', '2024-13-01T00:00:00.000Z', '2024-00-10T00:00:00Z', '2024-01-00T00:00:00Z',
      '2024-01-15T24:00:00.000Z', '2024-01-15T10:60:00Z', '2024-01-15T10:00:61.000Z']) {
      expect(parseTimestamp(text, ctx), text).toBeNaN();
      expect(parseTimestamp(text.replace('Z', '+00:00'), ctx), text).toBeNaN();
      expect(parseTimestamp('2024-01-15T10:00:00.000Z', ctx)).toBe(Date.UTC(2024, 0, 15, 10)); // the memo moves on
    }
    expect(parseTimestamp('2024-06-30T23:59:60Z', ctx)).toBe(parseTimestamp('2024-06-30T23:59:60+00:00', ctx));
  });

  it('leaves near misses to the general path: a lower-case z or t, another fraction length, letters for digits', () => {
    expect(parseTimestamp('2024-01-15T10:23:45.123z', ctx)).toBe(Date.UTC(2024, 0, 15, 10, 23, 45, 123));
    expect(parseTimestamp('2024-01-15t10:23:45Z', ctx)).toBe(Date.UTC(2024, 0, 15, 10, 23, 45));
    expect(parseTimestamp('2024-01-15T10:23:45.12Z', ctx)).toBe(Date.UTC(2024, 0, 15, 10, 23, 45, 120));
    expect(parseTimestamp('2024-01-15T10:23:45.1234Z', ctx)).toBe(Date.UTC(2024, 0, 15, 10, 23, 45, 123));
    expect(parseTimestamp('2024-01-1xT10:23:45.123Z', ctx)).toBeNaN();
    expect(parseTimestamp('2024-01-15T10:23:4x.123Z', ctx)).toBeNaN();
  });
});
