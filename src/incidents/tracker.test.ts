import { describe, expect, it } from 'vitest';
import { createExplainTracker } from './tracker.js';
import { MINUTE, SECOND } from './time.js';

describe('createExplainTracker', () => {
  it('counts the template per window, remembers the previous template per service and the service error ratio', () => {
    const tracker = createExplainTracker({ windowMs: MINUTE });
    const t = Date.UTC(2024, 0, 8, 10);
    const rec = (ts: number, templateId: number, service = 'pay', level: 'INFO' | 'ERROR' = 'INFO') => ({ ts, service, level, templateId });
    expect(tracker.observe(rec(t, 10))).toMatchObject({ windowCount: 1, previousTemplateId: null, serviceWindow: { total: 1, errors: 0 } });
    tracker.observe(rec(t + SECOND, 7, 'web'));
    expect(tracker.observe(rec(t + 2 * SECOND, 12, 'pay', 'ERROR'))).toMatchObject({ windowCount: 1, previousTemplateId: 10, serviceWindow: { total: 2, errors: 1 } });
    expect(tracker.observe(rec(t + 3 * SECOND, 10))).toMatchObject({ windowCount: 2, previousTemplateId: 12 });
    expect(tracker.observe(rec(t + MINUTE, 10))).toMatchObject({ windowCount: 1, serviceWindow: { total: 1, errors: 0 } });
  });
});
