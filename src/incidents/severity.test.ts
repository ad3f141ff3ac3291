import { describe, expect, it } from 'vitest';
import type { Severity } from '../domain/index.js';
import { alertSeverity, breadthSeverity } from './severity.js';

const alert = (fields: Partial<{ severity: Severity; score: number | null; observed: number; threshold: number }> = {}) => ({
  severity: 'LOW' as Severity, score: null, observed: 1, threshold: 1, ...fields,
});

describe('alertSeverity', () => {
  it('keeps the alert’s own severity when nothing raises it', () => {
    expect(alertSeverity(alert({ severity: 'MEDIUM' }))).toBe('MEDIUM');
  });

  it.each([
    [0.69, 'LOW'],
    [0.7, 'MEDIUM'],
    [0.9, 'HIGH'],
    [0.98, 'CRITICAL'],
  ] as const)('maps an ML score of %s to at least %s', (score, expected) => {
    expect(alertSeverity(alert({ score }))).toBe(expected);
  });

  it('never lowers a severity the detector or rule set', () => {
    expect(alertSeverity(alert({ severity: 'CRITICAL', score: 0.1 }))).toBe('CRITICAL');
  });

  it('raises by the worst evidence level', () => {
    expect(alertSeverity(alert(), ['INFO', 'WARN'])).toBe('LOW');
    expect(alertSeverity(alert(), ['INFO', 'ERROR'])).toBe('MEDIUM');
    expect(alertSeverity(alert(), ['ERROR', 'FATAL'])).toBe('HIGH');
  });

  it('raises a rule alert observing ten times its threshold', () => {
    expect(alertSeverity(alert({ observed: 49, threshold: 5 }))).toBe('LOW');
    expect(alertSeverity(alert({ observed: 50, threshold: 5 }))).toBe('HIGH');
    expect(alertSeverity(alert({ observed: 50, threshold: 0 }))).toBe('LOW');
  });

  it('ignores a score that is not a number', () => {
    expect(alertSeverity(alert({ score: Number.NaN }))).toBe('LOW');
  });
});

describe('breadthSeverity', () => {
  it.each([
    [{ services: 2, members: 24 }, 'LOW'],
    [{ services: 3, members: 1 }, 'HIGH'],
    [{ services: 5, members: 1 }, 'CRITICAL'],
    [{ services: 1, members: 25 }, 'HIGH'],
  ] as const)('maps %j to %s', (shape, expected) => {
    expect(breadthSeverity(shape)).toBe(expected);
  });
});
