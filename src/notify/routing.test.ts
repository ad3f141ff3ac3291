import { describe, expect, it } from 'vitest';
import { routeFor, type Route } from './routing.js';

const alerts = (...rules: string[]) => rules.map((ruleName) => ({ ruleName }));

describe('routeFor', () => {
  const routes: Route[] = [
    { channels: ['console'] },
    { channels: ['pager', 'chat'], minSeverity: 'HIGH' },
    { channels: ['security'], rules: ['auth-failures'] },
    { channels: ['dba', 'chat'], services: ['db'] },
    { channels: ['critical-db'], minSeverity: 'CRITICAL', services: ['db'] },
  ];

  it('sends to every matching route, each channel once, in route order', () => {
    expect(routeFor({ severity: 'HIGH', services: ['db'] }, alerts('error-ratio'), routes)).toEqual(['console', 'pager', 'chat', 'dba']);
  });

  it('matches the minimum severity inclusively', () => {
    expect(routeFor({ severity: 'MEDIUM', services: ['web'] }, [], routes)).toEqual(['console']);
    expect(routeFor({ severity: 'CRITICAL', services: ['web'] }, [], routes)).toEqual(['console', 'pager', 'chat']);
  });

  it('matches a rule when any alert of the incident comes from it', () => {
    expect(routeFor({ severity: 'LOW', services: ['auth'] }, alerts('keyword', 'auth-failures'), routes)).toEqual(['console', 'security']);
  });

  it('requires every criterion of a route', () => {
    expect(routeFor({ severity: 'HIGH', services: ['db'] }, [], routes)).not.toContain('critical-db');
    expect(routeFor({ severity: 'CRITICAL', services: ['db'] }, [], routes)).toContain('critical-db');
  });

  it('routes nowhere without routes', () => {
    expect(routeFor({ severity: 'CRITICAL', services: ['db'] }, [], [])).toEqual([]);
  });
});
