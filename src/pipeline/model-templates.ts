/**
 * A model's templates: the store's templates at training time (their ids and identity keys) are
 * saved in the model folder as its miner snapshot. Scoring translates a store's template ids to the
 * model's through the keys, so a model can score records of another database, or of a fresh one
 * seeded with these templates; a template the model never saw gets an id it does not know (new).
 */
import type { Template } from '../domain/index.js';
import type { MlModel } from '../detect/ml/model.js';
import { createMiner } from '../mine/template-miner.js';
import { snapshotOf } from './template-sync.js';
import type { Store, TemplateUpsert } from '../store/store.js';

export interface ModelTemplate {
  id: number;
  key: string;
  service: string;
  text: string;
  frozen: boolean;
  custom: boolean;
}

export interface ModelTemplates {
  kind: 'logtrack-templates';
  templates: ModelTemplate[];
}

export function modelTemplatesOf(templates: readonly Template[]): ModelTemplates {
  return {
    kind: 'logtrack-templates',
    templates: templates.map((t) => ({ id: t.id, key: t.key, service: t.service, text: t.text, frozen: t.frozen, custom: t.custom })),
  };
}

export function readModelTemplates(model: Pick<MlModel, 'miner'>): ModelTemplate[] {
  const m = model.miner as Partial<ModelTemplates> | null;
  return m?.kind === 'logtrack-templates' && Array.isArray(m.templates) ? m.templates : [];
}

/**
 * Store template id → the model's id for the same template; unknown ones map past every model id.
 * The same template has the same key; or else, since a key is the text a template had when first
 * mined and a store that mined the same logs in another order (its own ingest, not seeded by
 * `seedTemplates`) has other keys, it is the model's template that the store template's example
 * line matches (the model's templates as a match-only miner). Measured on a generated day scored
 * with a model trained on an earlier one: by key alone, 709 of its lines were raised as never-seen
 * templates; with the examples, none of its common templates.
 */
export async function templateIdTranslator(store: Store, model: Pick<MlModel, 'miner'>): Promise<(storeId: number) => number> {
  const known = readModelTemplates(model);
  if (known.length === 0) return (id) => id;
  const byKey = new Map(known.map((t) => [t.key, t.id]));
  const past = known.reduce((m, t) => Math.max(m, t.id), 0) + 1;
  const miner = createMiner({}, snapshotOf(known));
  const sameAs = (t: Template): number | undefined => {
    const found = byKey.get(t.key);
    if (found !== undefined) return found;
    const matched = miner.match(t.example, t.service);
    return matched.kind === 'matched' ? byKey.get(matched.cluster.key) : undefined;
  };
  const map = new Map<number, number>();
  // Merged templates too: records mined before a merge still name them.
  for (const t of await store.listTemplates({ limit: Number.MAX_SAFE_INTEGER, merged: true })) map.set(t.id, sameAs(t) ?? past + t.id);
  return (id) => map.get(id) ?? past + id;
}

/** Give a store the model's templates (same keys), so mining new lines finds them as the model knew them. */
export async function seedTemplates(store: Store, model: Pick<MlModel, 'miner'>): Promise<number> {
  const templates = readModelTemplates(model);
  if (templates.length === 0) return 0;
  const now = Date.now();
  const items: TemplateUpsert[] = templates.map((t) => ({ key: t.key, service: t.service, text: t.text, example: t.text, firstSeen: now, lastSeen: now, countDelta: 0 }));
  const ids = await store.upsertTemplates(items);
  for (let i = 0; i < templates.length; i++) {
    if (templates[i]!.frozen || templates[i]!.custom) await store.updateTemplate(ids[i]!, { frozen: templates[i]!.frozen, custom: templates[i]!.custom });
  }
  return ids.length;
}
