/**
 * Preparing batched upserts. PostgreSQL refuses an `insert ... on conflict do update` that touches
 * one row twice, so inputs sharing a key are folded first, with the same outcome as applying them
 * one after the other. Results are sorted by key: concurrent writers then lock rows in the same
 * order and cannot deadlock each other.
 */
import type { TemplateUpsert } from '../store.js';

export interface VolumeDelta {
  templateId: number;
  minute: number;
  count: number;
}

/** Fold upserts by key: text from the last, service and example from the first, counts summed, seen range widened. */
export function mergeTemplateUpserts(items: readonly TemplateUpsert[]): TemplateUpsert[] {
  const byKey = new Map<string, TemplateUpsert>();
  for (const t of items) {
    const prev = byKey.get(t.key);
    byKey.set(
      t.key,
      prev
        ? {
            ...prev,
            text: t.text,
            countDelta: prev.countDelta + t.countDelta,
            firstSeen: Math.min(prev.firstSeen, t.firstSeen),
            lastSeen: Math.max(prev.lastSeen, t.lastSeen),
          }
        : { ...t },
    );
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Sum counts per (template, minute). */
export function mergeVolume(items: readonly VolumeDelta[]): VolumeDelta[] {
  const byCell = new Map<string, VolumeDelta>();
  for (const v of items) {
    const cell = `${v.templateId}:${v.minute}`;
    const prev = byCell.get(cell);
    if (prev) prev.count += v.count;
    else byCell.set(cell, { ...v });
  }
  return [...byCell.values()].sort((a, b) => a.templateId - b.templateId || a.minute - b.minute);
}
