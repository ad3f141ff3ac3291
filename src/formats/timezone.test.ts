import { describe, expect, it } from 'vitest';
import { FormatError } from './format.js';
import { resolveTimeZone, UTC } from './timezone.js';

const local = (y: number, m: number, d: number, h: number, min = 0): number => Date.UTC(y, m - 1, d, h, min);

describe('resolveTimeZone', () => {
  it('treats an empty spec, UTC, GMT and Z as UTC', () => {
    for (const spec of [undefined, '', 'UTC', 'utc', 'GMT', 'Z']) expect(resolveTimeZone(spec)).toBe(UTC);
  });

  it('reads fixed offsets with or without a colon', () => {
    expect(resolveTimeZone('+05:30').toUtc(local(2024, 1, 1, 12))).toBe(local(2024, 1, 1, 6, 30));
    expect(resolveTimeZone('-0700').toUtc(local(2024, 7, 1, 12))).toBe(local(2024, 7, 1, 19));
    expect(resolveTimeZone('+02').name).toBe('+02:00');
  });

  it('follows DST transitions of IANA zones', () => {
    const ny = resolveTimeZone('America/New_York');
    expect(ny.toUtc(local(2024, 1, 15, 9))).toBe(local(2024, 1, 15, 14));
    expect(ny.toUtc(local(2024, 7, 15, 9))).toBe(local(2024, 7, 15, 13));
    // The hour after the spring-forward gap and the repeated hour in autumn still resolve to a real instant.
    expect(ny.toUtc(local(2024, 3, 10, 3, 30))).toBe(local(2024, 3, 10, 7, 30));
    expect([local(2024, 11, 3, 5, 30), local(2024, 11, 3, 6, 30)]).toContain(ny.toUtc(local(2024, 11, 3, 1, 30)));
  });

  it('handles zones with half-hour offsets', () => {
    expect(resolveTimeZone('Asia/Kolkata').toUtc(local(2024, 5, 1, 12))).toBe(local(2024, 5, 1, 6, 30));
  });

  it('gives NaN for NaN input instead of throwing', () => {
    expect(resolveTimeZone('Europe/Paris').toUtc(Number.NaN)).toBeNaN();
  });

  it('rejects unknown zones and impossible offsets with a FormatError', () => {
    expect(() => resolveTimeZone('Mars/Olympus')).toThrow(FormatError);
    expect(() => resolveTimeZone('Mars/Olympus')).toThrow(/unknown time zone 'Mars\/Olympus'/);
    expect(() => resolveTimeZone('+25:00')).toThrow(/out of range/);
  });
});
