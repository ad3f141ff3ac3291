/**
 * Group commit for the writer threads: batches that queued up while the thread was busy go into the
 * store as one, in one transaction, and each caller gets its own part of the outcome. Ingest hands
 * over small batches (few records alive at each garbage collection, see sources/file.ts) while each
 * commit carries fixed costs: on PostgreSQL a transaction's round trips and template upserts (1M
 * generic lines: 63–65k lines/s in batches of 2,000 against 74–80k in batches of 5,000–10,000, the
 * server's CPU 9.5 s against 7.3–8 s).
 *
 * Batches merge when the second continues the first: both without a checkpoint, or both on the same
 * file with the second expecting the offset the first stores. So a conflict of the merged batch is
 * exactly a conflict of its first part, which every later part would have met too.
 */
import { CodedColumnBuilder, codedAt, type CodedColumn, type ColumnBatch, type LogColumns } from './log-columns.js';
import { concatUtf8, type Utf8Column } from './utf8-column.js';
import type { AppendOutcome, TemplateTouch } from './store.js';

export function continues(first: ColumnBatch, next: ColumnBatch): boolean {
  if (!first.checkpoint || !next.checkpoint) return !first.checkpoint && !next.checkpoint;
  return first.checkpoint.key === next.checkpoint.key && next.expectOffset === first.checkpoint.offset;
}

export interface Merged {
  batch: ColumnBatch;
  /** Each part's outcome from the merged batch's. */
  split(outcome: AppendOutcome): AppendOutcome[];
}

/** `parts` in order, each continuing the one before (see `continues`). */
export function mergeBatches(parts: readonly ColumnBatch[]): Merged {
  if (parts.length === 1) return { batch: parts[0]!, split: (outcome) => [outcome] };
  // Templates by key, each part's refs renumbered into the merged list.
  const templates: TemplateTouch[] = [];
  const index = new Map<string, number>();
  const refMaps = parts.map((p) =>
    (p.templates ?? []).map((t) => {
      const at = index.get(t.key);
      if (at === undefined) {
        index.set(t.key, templates.length);
        templates.push({ ...t, volume: [...t.volume] });
        return templates.length - 1;
      }
      templates[at] = mergeTouch(templates[at]!, t);
      return at;
    }),
  );
  const last = parts[parts.length - 1]!;
  const batch: ColumnBatch = {
    rows: concatColumns(parts.map((p) => p.rows), refMaps),
    rejects: parts.flatMap((p) => p.rejects),
    templates,
    ...(last.checkpoint ? { checkpoint: last.checkpoint } : {}),
    ...(parts[0]!.expectOffset !== undefined ? { expectOffset: parts[0]!.expectOffset } : {}),
  };
  return {
    batch,
    split(outcome) {
      if (outcome.kind === 'conflict') return parts.map(() => outcome);
      let at = 0;
      return parts.map((p, k) => {
        const ids = outcome.ids.slice(at, at + p.rows.length);
        at += p.rows.length;
        return { kind: 'stored', ids, templateIds: refMaps[k]!.map((m) => outcome.templateIds[m]!) };
      });
    },
  };
}

/** One template touched by two batches, the later second: its text is the later (a template only generalises). */
function mergeTouch(a: TemplateTouch, b: TemplateTouch): TemplateTouch {
  const volume = new Map(a.volume.map((v) => [v.minute, v.count]));
  for (const v of b.volume) volume.set(v.minute, (volume.get(v.minute) ?? 0) + v.count);
  return {
    ...a,
    text: b.text,
    firstSeen: Math.min(a.firstSeen, b.firstSeen),
    lastSeen: Math.max(a.lastSeen, b.lastSeen),
    countDelta: a.countDelta + b.countDelta,
    volume: [...volume].map(([minute, count]) => ({ minute, count })),
  };
}

function concatColumns(cols: readonly LogColumns[], refMaps: readonly number[][]): LogColumns {
  const n = cols.reduce((sum, c) => sum + c.length, 0);
  const numbers = <T extends Float64Array | Int32Array>(of: (c: LogColumns) => T, make: (n: number) => T): T => {
    const out = make(n);
    let at = 0;
    for (const c of cols) {
      out.set(of(c), at);
      at += c.length;
    }
    return out;
  };
  const text = (of: (c: LogColumns) => Utf8Column): Utf8Column => concatUtf8(cols.map(of), cols.map((c) => c.length));
  const coded = (of: (c: LogColumns) => CodedColumn): CodedColumn => {
    const merged = new CodedColumnBuilder(n);
    for (const c of cols) {
      const column = of(c);
      for (let i = 0; i < c.length; i++) merged.add(codedAt(column, i));
    }
    return merged.finish();
  };
  const templateRef = numbers((c) => c.templateRef, (k) => new Int32Array(k));
  let at = 0;
  cols.forEach((c, k) => {
    for (let i = 0; i < c.length; i++, at++) if (templateRef[at]! >= 0) templateRef[at] = refMaps[k]![templateRef[at]!]!;
  });
  return {
    length: n,
    ts: numbers((c) => c.ts, (k) => new Float64Array(k)),
    templateId: numbers((c) => c.templateId, (k) => new Float64Array(k)),
    templateRef,
    line: numbers((c) => c.line, (k) => new Float64Array(k)),
    offset: numbers((c) => c.offset, (k) => new Float64Array(k)),
    service: coded((c) => c.service),
    host: coded((c) => c.host),
    level: coded((c) => c.level),
    rawLevel: coded((c) => c.rawLevel),
    user: text((c) => c.user),
    message: text((c) => c.message),
    attrs: text((c) => c.attrs),
    params: text((c) => c.params),
    file: coded((c) => c.file),
  };
}
