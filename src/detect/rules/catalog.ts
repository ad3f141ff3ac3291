/**
 * A DetectCatalog over the store's templates, loaded once per detection run. A service's first
 * record time is taken as the earliest `firstSeen` of its templates (templates are mined per
 * service, and every stored record the miner learnt from has one), which spares a scan of the logs.
 */
import type { Template } from '../../domain/index.js';
import type { DetectCatalog, TemplateInfo } from './types.js';

export function catalogFrom(templates: readonly Template[]): DetectCatalog {
  const byId = new Map<number, TemplateInfo>();
  const serviceFirst = new Map<string, number>();
  for (const t of templates) {
    byId.set(t.id, { service: t.service, text: t.name ?? t.text, firstSeen: t.firstSeen, normal: t.normal });
    const known = serviceFirst.get(t.service);
    if (known === undefined || t.firstSeen < known) serviceFirst.set(t.service, t.firstSeen);
  }
  return {
    template: (id) => byId.get(id),
    serviceFirstTs: (service) => serviceFirst.get(service),
  };
}
