import { describe, expect, it } from 'vitest';
import { createDetector } from './detector.js';
import { T0, feed, makeRule, minutes, rec } from './testing.js';

const line = (minute: number, message: string, fields = {}) => rec({ ts: T0 + minutes(minute), message, ...fields });

describe('repeated_message rule', () => {
  const rule = (params = {}) => makeRule('repeated_message', { threshold: 3, window_minutes: 5, ...params });

  it('fires when one template repeats N times, not N − 1', () => {
    const two = [line(0, 'timeout on db-1', { templateId: 7 }), line(1, 'timeout on db-2', { templateId: 7 })];
    expect(feed(createDetector(rule()), two)).toHaveLength(0);
    const alerts = feed(createDetector(rule()), [...two, line(2, 'timeout on db-3', { templateId: 7 })]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.scope).toEqual({ service: 'api', templateId: 7 });
    expect(alerts[0]!.message).toContain('"timeout on db-1"');
  });

  it('by message, needs the exact same text', () => {
    const records = [line(0, 'timeout on db-1', { templateId: 7 }), line(1, 'timeout on db-2', { templateId: 7 }), line(2, 'timeout on db-1', { templateId: 7 })];
    expect(feed(createDetector(rule({ by: 'message' })), records)).toHaveLength(0);
    const same = [0, 1, 2].map((m) => line(m, 'timeout on db-1', { templateId: 7 }));
    expect(feed(createDetector(rule({ by: 'message' })), same)).toHaveLength(1);
  });

  it('falls back to the text for records without a template, per service', () => {
    const records = [line(0, 'boom'), line(1, 'boom', { service: 'db' }), line(2, 'boom'), line(3, 'boom')];
    const alerts = feed(createDetector(rule()), records);
    expect(alerts.map((a) => a.scope)).toEqual([{ service: 'api' }]);
  });

  it('gives two different repeated messages of one template two alerts', () => {
    const a = [0, 1, 2].map((m) => line(m, 'disk sda failing', { templateId: 3 }));
    const b = [0.5, 1.5, 2.5].map((m) => line(m, 'disk sdb failing', { templateId: 3 }));
    const alerts = feed(createDetector(rule({ by: 'message' })), [...a, ...b].sort((x, y) => x.ts - y.ts));
    expect(alerts).toHaveLength(2);
    expect(new Set(alerts.map((x) => x.fingerprint)).size).toBe(2);
  });

  it('ignores records below min_level', () => {
    const records = [0, 1, 2].map((m) => line(m, 'heartbeat', { level: 'DEBUG' }));
    expect(feed(createDetector(rule({ min_level: 'warn' })), records)).toHaveLength(0);
  });
});
