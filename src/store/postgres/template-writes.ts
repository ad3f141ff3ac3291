/**
 * Template upserts and volume on PostgreSQL, on any queryable (the pool, or the client of an open
 * transaction: appendBatch writes a batch's templates in the batch's transaction).
 */
import type { TemplateTouch, TemplateUpsert } from '../store.js';
import { pgText } from './pg-text.js';
import { mergeTemplateUpserts, mergeVolume, type VolumeDelta } from './merge.js';

export interface Queryable {
  query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** Upsert templates; their ids, in input order. */
export async function upsertTemplatesOn(q: Queryable, items: readonly TemplateUpsert[]): Promise<number[]> {
  if (items.length === 0) return [];
  const merged = mergeTemplateUpserts(items);
  const { rows } = await q.query<{ id: number; key: string }>(
    `insert into templates (key, service, text, example, count, first_seen, last_seen)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::int8[], $7::int8[])
     on conflict (key) do update set
       text = case when templates.frozen = 1 then templates.text else excluded.text end,
       count = templates.count + excluded.count,
       first_seen = least(templates.first_seen, excluded.first_seen),
       last_seen = greatest(templates.last_seen, excluded.last_seen)
     returning id, key`,
    [
      merged.map((t) => pgText(t.key)), merged.map((t) => pgText(t.service)), merged.map((t) => pgText(t.text)),
      merged.map((t) => pgText(t.example)), merged.map((t) => t.countDelta), merged.map((t) => t.firstSeen),
      merged.map((t) => t.lastSeen),
    ],
  );
  const idByKey = new Map(rows.map((r) => [r.key, r.id]));
  return items.map((t) => idByKey.get(pgText(t.key))!);
}

export async function addVolumeOn(q: Queryable, items: readonly VolumeDelta[]): Promise<void> {
  if (items.length === 0) return;
  const merged = mergeVolume(items);
  await q.query(
    `insert into template_volume (template_id, minute, count)
     select * from unnest($1::int8[], $2::int8[], $3::int8[])
     on conflict (template_id, minute) do update set count = template_volume.count + excluded.count`,
    [merged.map((v) => v.templateId), merged.map((v) => v.minute), merged.map((v) => v.count)],
  );
}

/** A batch's templates and their volume; their ids, in input order. */
export async function touchTemplatesOn(q: Queryable, items: readonly TemplateTouch[]): Promise<number[]> {
  const ids = await upsertTemplatesOn(q, items);
  await addVolumeOn(q, items.flatMap((t, i) => t.volume.map((v) => ({ templateId: ids[i]!, minute: v.minute, count: v.count }))));
  return ids;
}
