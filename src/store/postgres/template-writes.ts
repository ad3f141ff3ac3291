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

/** The upsert of templates, parameters $1–$7 (`upsertParams`), returning each one's id and key. */
const UPSERT = `insert into templates (key, service, text, example, count, first_seen, last_seen)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::int8[], $7::int8[])
     on conflict (key) do update set
       text = case when templates.frozen = 1 then templates.text else excluded.text end,
       count = templates.count + excluded.count,
       first_seen = least(templates.first_seen, excluded.first_seen),
       last_seen = greatest(templates.last_seen, excluded.last_seen)
     returning id, key`;

function upsertParams(items: readonly TemplateUpsert[]): unknown[][] {
  const merged = mergeTemplateUpserts(items);
  return [
    merged.map((t) => pgText(t.key)), merged.map((t) => pgText(t.service)), merged.map((t) => pgText(t.text)),
    merged.map((t) => pgText(t.example)), merged.map((t) => t.countDelta), merged.map((t) => t.firstSeen),
    merged.map((t) => t.lastSeen),
  ];
}

function idsInOrder(items: readonly TemplateUpsert[], rows: readonly { id: number; key: string }[]): number[] {
  const idByKey = new Map(rows.map((r) => [r.key, r.id]));
  return items.map((t) => idByKey.get(pgText(t.key))!);
}

/** Upsert templates; their ids, in input order. */
export async function upsertTemplatesOn(q: Queryable, items: readonly TemplateUpsert[]): Promise<number[]> {
  if (items.length === 0) return [];
  const { rows } = await q.query<{ id: number; key: string }>(UPSERT, upsertParams(items));
  return idsInOrder(items, rows);
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

/**
 * A batch's templates and their volume in one statement (one round trip of a batch's transaction
 * fewer): the volume rows find their template's id by key in the upsert's result. Their ids, in
 * input order.
 */
export async function touchTemplatesOn(q: Queryable, items: readonly TemplateTouch[]): Promise<number[]> {
  if (items.length === 0) return [];
  const volume = new Map<string, { key: string; minute: number; count: number }>();
  for (const t of items) {
    const key = pgText(t.key);
    for (const v of t.volume) {
      const at = `${v.minute}:${key}`;
      const cell = volume.get(at);
      if (cell) cell.count += v.count;
      else volume.set(at, { key, minute: v.minute, count: v.count });
    }
  }
  const cells = [...volume.values()];
  const { rows } = await q.query<{ id: number; key: string }>(
    `with t as (${UPSERT}),
     v as (
       insert into template_volume (template_id, minute, count)
       select t.id, u.minute, u.count from unnest($8::text[], $9::int8[], $10::int8[]) as u(key, minute, count) join t on t.key = u.key
       order by t.id, u.minute
       on conflict (template_id, minute) do update set count = template_volume.count + excluded.count
     )
     select id, key from t`,
    [...upsertParams(items), cells.map((c) => c.key), cells.map((c) => c.minute), cells.map((c) => c.count)],
  );
  return idsInOrder(items, rows);
}
