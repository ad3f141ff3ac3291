/**
 * Read a log file as lines with exact byte offsets, in batches, streaming with bounded memory.
 * Plain files resume by seeking to the checkpoint offset; gzip files are decompressed and the
 * first `startOffset` decompressed bytes are skipped. Lines longer than MAX_LINE_BYTES are cut
 * (and flagged); bytes that are not valid UTF-8 are flagged.
 */
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { MAX_LINE_BYTES, type RawLine } from './raw-line.js';
import { utf8Text } from '../shared/utf8.js';

export interface ReadOptions {
  startOffset?: number;
  /** Number of lines before startOffset (so line numbers continue). */
  startLine?: number;
  /** Lines per yielded batch (DEFAULT_BATCH_LINES). */
  batchLines?: number;
  maxLineBytes?: number;
  /** Called with the number of raw (compressed, for .gz) bytes consumed so far. */
  onBytes?: (bytes: number) => void;
}

/**
 * Lines per batch: what ingest decodes, mines and hands to the store at once. A batch's records live
 * until it is stored, so the garbage collector copies them at every young-generation collection
 * meanwhile; smaller batches cost the store more commits. 1,000,000 generic lines into SQLite
 * (CPU seconds of the main thread / writer thread / V8's helper threads): 5,000 lines 8.1–8.6 /
 * 5.1–5.4 / 3.4–3.6, 2,000 lines 7.0–7.9 / 5.5–6.1 / 2.4–2.7, 1,000 lines 7.2–7.4 / 6.6–6.8 / 1.8–2.0.
 */
export const DEFAULT_BATCH_LINES = 2000;

export function isGzipPath(path: string): boolean {
  return /\.gz$/i.test(path);
}

/** The error a source raises for input it cannot read past (a truncated gzip, an I/O error). */
export class SourceError extends Error {
  constructor(message: string, readonly reason: string) {
    super(message);
  }
}

/** A stream of the file's (decompressed) bytes from `startOffset`; `raw` is the file stream itself. */
export function openByteStream(path: string, startOffset = 0): { stream: Readable; raw: Readable; skip: number } {
  if (isGzipPath(path)) {
    const raw = createReadStream(path, { highWaterMark: 1 << 20 });
    const gunzip = createGunzip();
    raw.on('error', (err) => gunzip.destroy(err));
    return { stream: raw.pipe(gunzip), raw, skip: startOffset };
  }
  const stream = createReadStream(path, { start: startOffset, highWaterMark: 1 << 20 });
  return { stream, raw: stream, skip: 0 };
}

/** Yield batches of lines from a byte stream starting at `startOffset` (the stream's first byte). */
export async function* splitLines(stream: AsyncIterable<Buffer>, opts: ReadOptions & { skip?: number } = {}): AsyncGenerator<RawLine[]> {
  const maxLine = opts.maxLineBytes ?? MAX_LINE_BYTES;
  const batchLines = opts.batchLines ?? DEFAULT_BATCH_LINES;
  let skip = opts.skip ?? 0;
  let offset = opts.startOffset ?? 0; // offset of the next byte to be consumed into a line
  let lineNo = opts.startLine ?? 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineStart = offset;
  let truncated = false;
  let batch: RawLine[] = [];

  /** The line in bytes[start, stop), its newline (if any) ending just before byte offset `end` of the input. */
  const emit = (bytes: Buffer, start: number, stop: number, end: number): void => {
    lineNo++;
    if (stop > start && bytes[stop - 1] === 13) stop--; // CRLF
    const line: RawLine = { text: utf8Text(bytes, start, stop), line: lineNo, offset: lineStart, end };
    if (truncated) line.truncated = true;
    if (line.text.includes('\uFFFD') && !isUtf8(bytes.subarray(start, stop))) line.invalidUtf8 = true;
    batch.push(line);
    lineStart = end;
    truncated = false;
  };

  try {
    for await (const chunk0 of stream) {
      let chunk = chunk0 as Buffer;
      if (skip > 0) {
        if (chunk.length <= skip) {
          skip -= chunk.length;
          continue;
        }
        chunk = chunk.subarray(skip);
        skip = 0;
      }
      let pos = 0;
      while (pos < chunk.length) {
        const nl = chunk.indexOf(10, pos);
        const stop = nl === -1 ? chunk.length : nl;
        if (nl !== -1 && pendingBytes === 0 && !truncated && stop - pos <= maxLine) {
          // The common case: a whole line inside this chunk, decoded in place (no Buffer views, no copies).
          offset += stop - pos + 1;
          emit(chunk, pos, stop, offset);
          pos = nl + 1;
        } else {
          const piece = chunk.subarray(pos, stop);
          if (!truncated) {
            if (pendingBytes + piece.length > maxLine) {
              const keep = maxLine - pendingBytes;
              if (keep > 0) pending.push(piece.subarray(0, keep));
              pendingBytes = maxLine;
              truncated = true;
            } else if (piece.length) {
              pending.push(piece);
              pendingBytes += piece.length;
            }
          }
          offset += stop - pos;
          if (nl === -1) break;
          offset += 1; // the newline
          const bytes = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
          pending = [];
          pendingBytes = 0;
          emit(bytes, 0, bytes.length, offset);
          pos = nl + 1;
        }
        if (batch.length >= batchLines) {
          opts.onBytes?.(offset);
          yield batch;
          batch = [];
        }
      }
      // Keep pending pieces independent of the stream's reusable chunk memory.
      if (pending.length) pending = [Buffer.concat(pending, pendingBytes)];
    }
  } catch (err) {
    // Hand over every complete line read before the failure, then report it.
    opts.onBytes?.(offset);
    if (batch.length) yield batch;
    throw err;
  }
  if (pendingBytes > 0 || truncated) {
    const bytes = Buffer.concat(pending, pendingBytes);
    emit(bytes, 0, bytes.length, offset);
  }
  opts.onBytes?.(offset);
  if (batch.length) yield batch;
}

/** Read a file's lines in batches from a byte offset. Throws SourceError for a truncated gzip or an unreadable file. */
export async function* readLines(path: string, opts: ReadOptions = {}): AsyncGenerator<RawLine[]> {
  const { stream, raw, skip } = openByteStream(path, opts.startOffset ?? 0);
  const onBytes = opts.onBytes;
  if (onBytes && raw !== stream) {
    // Compressed input: progress is in compressed bytes, counted on the file stream that feeds gunzip.
    let bytes = 0;
    raw.on('data', (c: Buffer) => onBytes((bytes += c.length)));
  }
  try {
    yield* splitLines(stream, { ...opts, skip, onBytes: raw === stream ? onBytes : undefined });
  } catch (err) {
    throw toSourceError(path, err);
  }
}

export function toSourceError(path: string, err: unknown): SourceError {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e?.message ?? '')) {
    return new SourceError(`${path} is a truncated gzip file; the lines before the cut were read`, 'truncated gzip');
  }
  if (e?.code === 'Z_DATA_ERROR' || e?.code === 'Z_STREAM_ERROR') return new SourceError(`${path} is not a valid gzip file`, 'invalid gzip');
  if (e?.code === 'EACCES') return new SourceError(`cannot read ${path}: permission denied`, 'unreadable file');
  if (e?.code === 'ENOENT') return new SourceError(`${path} does not exist`, 'missing file');
  if (e?.code === 'EISDIR') return new SourceError(`${path} is a directory`, 'unreadable file');
  return new SourceError(`cannot read ${path}: ${e?.message ?? String(err)}`, 'read error');
}
