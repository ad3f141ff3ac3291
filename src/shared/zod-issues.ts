/** Helpers to turn a zod issue into words: the field's dotted path, the value at it, a short preview. */

/** `rules[2].params.threshold` */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out;
}

/** The value found at `path` in `input`, or undefined. */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

const PREVIEW_LIMIT = 60;

/** A value as JSON, cut to a readable length. */
export function preview(value: unknown): string {
  const s = value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value);
  return s.length > PREVIEW_LIMIT ? `${s.slice(0, PREVIEW_LIMIT - 1)}…` : s;
}
