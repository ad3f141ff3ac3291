/**
 * A small streaming CSV reader (RFC 4180: quoted fields, doubled quotes, newlines inside quotes),
 * enough for Loghub's `*_structured.csv` files without loading a whole file into memory.
 */
import { createReadStream } from 'node:fs';

/** Incremental parser: feed text chunks, collect complete records. */
export class CsvParser {
  private field = '';
  private record: string[] = [];
  private inQuotes = false;
  /** A quote seen inside a quoted field: either the closing quote or the first half of `""`. */
  private quotePending = false;
  private fieldStarted = false;

  /** Parse a chunk; returns the records it completed. */
  push(chunk: string): string[][] {
    const out: string[][] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.quotePending) {
        this.quotePending = false;
        if (c === '"') {
          this.field += '"';
          continue;
        }
        this.inQuotes = false;
      }
      if (this.inQuotes) {
        if (c === '"') this.quotePending = true;
        else this.field += c;
        continue;
      }
      if (c === '"' && !this.fieldStarted) {
        this.inQuotes = true;
        this.fieldStarted = true;
      } else if (c === ',') {
        this.endField();
      } else if (c === '\n') {
        this.endRecord(out);
      } else if (c === '\r') {
        // CRLF: the \n that follows ends the record.
      } else {
        this.field += c;
        this.fieldStarted = true;
      }
    }
    return out;
  }

  /** Flush the last record when the input does not end with a newline. */
  end(): string[][] {
    const out: string[][] = [];
    if (this.quotePending) this.inQuotes = false;
    if (this.fieldStarted || this.record.length > 0) this.endRecord(out);
    return out;
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
    this.fieldStarted = false;
  }

  private endRecord(out: string[][]): void {
    this.endField();
    out.push(this.record);
    this.record = [];
  }
}

/** Stream the records of a CSV file (header included, as the first record). */
export async function* readCsv(path: string): AsyncGenerator<string[]> {
  const parser = new CsvParser();
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    yield* parser.push(chunk as string);
  }
  yield* parser.end();
}

/** Stream a CSV file's rows as objects keyed by the header's column names. */
export async function* readCsvObjects(path: string): AsyncGenerator<Record<string, string>> {
  let header: string[] | null = null;
  for await (const record of readCsv(path)) {
    if (header === null) {
      header = record.map((h) => h.replace(/^\uFEFF/, ''));
      continue;
    }
    if (record.length === 1 && record[0] === '') continue;
    const row: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) row[header[i]] = record[i] ?? '';
    yield row;
  }
}

/** Quote a value for CSV output when it needs it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
