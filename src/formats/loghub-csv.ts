import type { RawLine } from '../sources/raw-line.js';
import { recordItem, rejectItem, sourceOf } from './env.js';
import { createRecordBuilder, fieldSchema, type FieldSchema, type FieldSemantics, type RecordBuilder, type RecordEnv } from './fields.js';
import { FormatError, type Decoded, type RecordDecoder } from './format.js';
import { splitCsvRow } from './csv.js';
import { cleanText, isBlank, lineProblem } from './line-text.js';
import { PRESET_NAMES, PRESETS, type Preset } from './presets.js';

/**
 * Loghub's structured CSV (`LineId,<header fields>,Content,EventId,EventTemplate`). The header row names the
 * columns; when the header fields are those of a preset (HDFS, BGL, ...), that preset's field semantics apply
 * (Linux's `Level` is the host, BGL's time is `Timestamp`, ...); otherwise fields map by name (see fields.ts).
 * Content → message; LineId, EventId, EventTemplate and other columns → attrs. Quoted fields may span lines.
 */
export const LOGHUB_CSV_DESCRIPTION = 'loghub-csv';

const BOOKKEEPING = new Set(['LineId', 'EventId', 'EventTemplate']);
const FIELD_NAME = /<([A-Za-z_][A-Za-z0-9_]*)>/g;

/** True when `text` looks like a Loghub structured CSV header row. */
export function isLoghubCsvHeader(text: string): boolean {
  return text.startsWith('LineId,') && text.includes('Content');
}

export function createLoghubCsvDecoder(env: RecordEnv, maxRowChars = 1024 * 1024): RecordDecoder {
  let columns: string[] | undefined;
  let builder: RecordBuilder | undefined;
  /** A row whose quoted field continues on the next line; `discarding` once it outgrew maxRowChars (reported). */
  let open: { text: string; first: RawLine; end: number; discarding: boolean } | undefined;

  const closeOpen = (out: Decoded[]): void => {
    if (open !== undefined && !open.discarding) out.push(rejectItem('unclosed CSV quote', open.text, sourceOf(env, open.first), open.end));
    open = undefined;
  };

  const row = (fields: string[], first: RawLine, text: string, end: number): Decoded | undefined => {
    if (columns === undefined) {
      if (!isLoghubCsvHeader(text)) return rejectItem('missing CSV header', text, sourceOf(env, first), end);
      columns = fields;
      const schema = schemaFor(fields);
      builder = schema && createRecordBuilder(schema, env);
      return undefined;
    }
    if (fields.length !== columns.length) return rejectItem('wrong column count', text, sourceOf(env, first), end);
    if (builder === undefined) return rejectItem('missing timestamp', text, sourceOf(env, first), end);
    const record = builder.build(fields, 0, sourceOf(env, first));
    return typeof record === 'string' ? rejectItem(record, text, sourceOf(env, first), end) : recordItem(record, end);
  };

  return {
    description: LOGHUB_CSV_DESCRIPTION,
    push(line: RawLine, out: Decoded[] = []): Decoded[] {
      const problem = lineProblem(line);
      if (problem !== undefined) {
        closeOpen(out);
        out.push(rejectItem(problem, line.text, sourceOf(env, line), line.end));
        return out;
      }
      const lineText = cleanText(line.text);
      if (open === undefined && isBlank(lineText)) return out;
      if (open?.discarding) {
        if (quoteCount(lineText) % 2 === 1) open = undefined; // the oversized field ended: resume at the next line
        return out;
      }
      const first = open?.first ?? line;
      const text = open === undefined ? lineText : `${open.text}\n${lineText}`;
      // Inside an open quoted field, quotes come in pairs until the closing one: an even count cannot close it,
      // so the row is split again only when it may be complete (keeps long multi-line fields linear).
      const fields = open !== undefined && quoteCount(lineText) % 2 === 0 ? undefined : splitCsvRow(text);
      open = undefined;
      if (fields === undefined) {
        const discarding = text.length > maxRowChars;
        open = { text: discarding ? '' : text, first, end: line.end, discarding };
        if (discarding) out.push(rejectItem('record too long', text, sourceOf(env, first), line.end));
        return out;
      }
      const item = row(fields, first, text, line.end);
      if (item !== undefined) out.push(item);
      return out;
    },
    flush(): Decoded[] {
      const out: Decoded[] = [];
      closeOpen(out);
      return out;
    },
  };
}

function quoteCount(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) count++;
  return count;
}

/** Field semantics for the header's columns; undefined when no column can give a timestamp. */
function schemaFor(columns: string[]): FieldSchema | undefined {
  const fields = columns.filter((c) => !BOOKKEEPING.has(c));
  try {
    return fieldSchema(columns, presetFor(fields));
  } catch (error) {
    if (error instanceof FormatError) return undefined;
    throw error;
  }
}

function presetFor(fields: string[]): FieldSemantics | undefined {
  for (const name of PRESET_NAMES) {
    const preset: Preset = PRESETS[name];
    const names = [...preset.lineFormat.matchAll(FIELD_NAME)].map((m) => m[1]);
    if (names.length === fields.length && names.every((n, k) => n === fields[k])) return preset;
  }
  return undefined;
}
