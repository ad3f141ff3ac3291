import { describe, expect, it } from 'vitest';
import type { Template } from '../../domain/index.js';
import { catalogFrom } from './catalog.js';

const template = (id: number, service: string, firstSeen: number, extra: Partial<Template> = {}): Template => ({
  id, key: `${service}:${id}`, service, text: `t${id} <*>`, name: null, frozen: false, custom: false, normal: false,
  count: 1, firstSeen, lastSeen: firstSeen, example: '', ...extra,
});

describe('catalogFrom', () => {
  const catalog = catalogFrom([template(1, 'api', 500), template(2, 'api', 100, { name: 'Startup', normal: true }), template(3, 'db', 300)]);

  it('describes templates, preferring their human name', () => {
    expect(catalog.template(2)).toEqual({ service: 'api', text: 'Startup', firstSeen: 100, normal: true });
    expect(catalog.template(1)!.text).toBe('t1 <*>');
    expect(catalog.template(9)).toBeUndefined();
  });

  it("dates a service from its earliest template", () => {
    expect(catalog.serviceFirstTs('api')).toBe(100);
    expect(catalog.serviceFirstTs('db')).toBe(300);
    expect(catalog.serviceFirstTs('web')).toBeUndefined();
  });
});
