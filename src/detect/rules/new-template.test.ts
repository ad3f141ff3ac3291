import { describe, expect, it } from 'vitest';
import { createDetector } from './detector.js';
import { T0, at, feed, makeRule, minutes, rec } from './testing.js';
import type { DetectCatalog, TemplateInfo } from './types.js';

const catalog = (templates: Record<number, Partial<TemplateInfo>>, serviceFirst: Record<string, number> = {}): DetectCatalog => ({
  template: (id) => (templates[id] ? { service: 'api', text: `template ${id}`, firstSeen: T0, normal: false, ...templates[id] } : undefined),
  serviceFirstTs: (s) => serviceFirst[s],
});

describe('new_template rule', () => {
  const rule = (params = {}) => makeRule('new_template', { warmup_minutes: 60, ...params });
  const warm = at([0], { templateId: 1 }); // starts the service at T0

  it('ignores templates first seen within the warm-up, fires from its end', () => {
    expect(feed(createDetector(rule()), [...warm, rec({ ts: T0 + minutes(59.999), templateId: 2 })])).toHaveLength(0);
    const late = rec({ ts: T0 + minutes(60), templateId: 2, message: 'LDAP bind failed' });
    const alerts = feed(createDetector(rule()), [...warm, late]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ scope: { service: 'api', templateId: 2 }, evidence: [late.id], windowStart: late.ts });
    expect(alerts[0]!.factors[0]).toMatchObject({ kind: 'new_template', templateId: 2, template: 'LDAP bind failed' });
  });

  it('fires once per template and keeps services apart', () => {
    const records = [...warm, ...at([0], { service: 'db', templateId: 9 }), ...at([70, 71], { templateId: 2 }), ...at([75], { service: 'db', templateId: 3 })];
    const alerts = feed(createDetector(rule()), records);
    expect(alerts.map((a) => a.scope)).toEqual([{ service: 'api', templateId: 2 }, { service: 'db', templateId: 3 }]);
  });

  it('never fires for templates marked normal, records below min_level, or records without a template', () => {
    const cat = catalog({ 2: { normal: true, firstSeen: T0 + minutes(70) } });
    expect(feed(createDetector(rule(), { catalog: cat }), [...warm, ...at([70], { templateId: 2 })])).toHaveLength(0);
    expect(feed(createDetector(rule({ min_level: 'ERROR' })), [...warm, ...at([70], { templateId: 2, level: 'WARN' })])).toHaveLength(0);
    expect(feed(createDetector(rule()), [...warm, ...at([70])])).toHaveLength(0);
  });

  it('uses the catalog: a template first seen before this stream is not new', () => {
    const cat = catalog({ 2: { firstSeen: T0 + minutes(65) } }, { api: T0 - minutes(600) });
    // The stream starts after the template's first occurrence.
    expect(feed(createDetector(rule(), { catalog: cat }), at([100], { templateId: 2 }))).toHaveLength(0);
    // The service is old, so no warm-up applies to a template whose first record this is.
    const fresh = catalog({ 2: { firstSeen: T0 + minutes(100) } }, { api: T0 - minutes(600) });
    expect(feed(createDetector(rule(), { catalog: fresh }), at([100], { templateId: 2 }))).toHaveLength(1);
  });

  it('waits for the earliest occurrence when occurrences arrive out of order', () => {
    const cat = catalog({ 2: { firstSeen: T0 + minutes(80) } }, { api: T0 });
    const alerts = feed(createDetector(rule(), { catalog: cat }), at([90, 80], { templateId: 2 }));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.windowStart).toBe(T0 + minutes(80));
  });
});
