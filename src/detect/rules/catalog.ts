/** A DetectCatalog over the store's templates and services, as loaded once per detection run. */
import type { Template } from '../../domain/index.js';
import type { DetectCatalog, TemplateInfo } from './types.js';

export function catalogFrom(templates: readonly Template[], services: readonly { service: string; firstTs: number }[]): DetectCatalog {
  const byId = new Map<number, TemplateInfo>();
  for (const t of templates) byId.set(t.id, { service: t.service, text: t.name ?? t.text, firstSeen: t.firstSeen, normal: t.normal });
  const firstTs = new Map(services.map((s) => [s.service, s.firstTs]));
  return {
    template: (id) => byId.get(id),
    serviceFirstTs: (service) => firstTs.get(service),
  };
}
