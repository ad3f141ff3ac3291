/**
 * The running context explanations need (window counts, previous template, service error ratio),
 * kept while a detector streams records. Observe EVERY record, in time order; explain only the
 * ones flagged. Windows are the profile's tumbling windows, so counts compare like with like.
 * State is one entry per template and per service.
 */
import { isErrorLevel } from '../domain/index.js';
import type { ExplainInput } from './explain.js';
import type { Profile, ProfileRecord } from './profile.js';

export interface ExplainTracker {
  /** Count the record and return the explain input describing it in context. */
  observe(record: ProfileRecord): ExplainInput;
}

interface Counted {
  window: number;
  count: number;
}

interface ServiceState {
  window: number;
  total: number;
  errors: number;
  lastTemplate: number | null;
}

export function createExplainTracker(profile: Pick<Profile, 'windowMs'>): ExplainTracker {
  const templates = new Map<number, Counted>();
  const services = new Map<string, ServiceState>();

  function observe(r: ProfileRecord): ExplainInput {
    const window = Math.floor(r.ts / profile.windowMs);
    let service = services.get(r.service);
    if (!service) services.set(r.service, (service = { window, total: 0, errors: 0, lastTemplate: null }));
    if (window > service.window) Object.assign(service, { window, total: 0, errors: 0 });
    service.total++;
    if (isErrorLevel(r.level)) service.errors++;

    let windowCount: number | undefined;
    if (r.templateId !== null) {
      let t = templates.get(r.templateId);
      if (!t) templates.set(r.templateId, (t = { window, count: 0 }));
      if (window > t.window) Object.assign(t, { window, count: 0 });
      windowCount = ++t.count;
    }
    const previousTemplateId = service.lastTemplate;
    if (r.templateId !== null) service.lastTemplate = r.templateId;

    return {
      ts: r.ts,
      service: r.service,
      templateId: r.templateId,
      params: r.params,
      user: r.user,
      attrs: r.attrs,
      windowCount,
      previousTemplateId,
      serviceWindow: { total: service.total, errors: service.errors },
    };
  }

  return { observe };
}
