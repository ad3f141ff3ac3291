/**
 * Follow files like `tail -F`: poll each path, read what was appended, and survive rotation.
 * - rename + create: the old file (still open) is read to its end, then the new file from byte 0;
 * - copytruncate / truncation: the size drops below our offset, so reading restarts at byte 0;
 * - a file seen for the first time is read from its beginning (or its end with `fromEnd`);
 * - after a restart, `resume(key)` gives the stored checkpoint so no line is missed or repeated.
 * Only complete lines are emitted; a partial last line waits for its newline.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { glob } from 'tinyglobby';
import { fileIdentity } from './identity.js';
import { MAX_LINE_BYTES, type RawLine } from './raw-line.js';
import { utf8Text } from '../shared/utf8.js';

export interface TailOptions {
  /** Files, directories or globs; re-expanded on every poll so new files are picked up. */
  patterns: string[];
  fromEnd?: boolean;
  pollMs?: number;
  /** Stored position of a file identity (offset and line count), or null for a new file. */
  resume?: (key: string) => Promise<{ offset: number; line: number } | null>;
  signal?: AbortSignal;
  maxLineBytes?: number;
}

export interface TailBatch {
  path: string;
  /** File identity (see identity.ts). */
  key: string;
  lines: RawLine[];
  size: number;
  /** Set when this batch starts a new file generation (rotation or truncation). */
  event?: 'rotated' | 'truncated' | 'opened';
}

interface Followed {
  path: string;
  key: string;
  ino: number;
  handle: FileHandle;
  offset: number;
  line: number;
  partial: Buffer;
}

export async function* tailFiles(opts: TailOptions): AsyncGenerator<TailBatch> {
  const pollMs = opts.pollMs ?? 250;
  const followed = new Map<string, Followed>();
  try {
    while (!opts.signal?.aborted) {
      for (const path of await expand(opts.patterns)) {
        const batches = await poll(path, followed, opts);
        for (const b of batches) yield b;
      }
      await sleep(pollMs, opts.signal);
    }
  } finally {
    for (const f of followed.values()) await f.handle.close().catch(() => {});
  }
}

async function expand(patterns: string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const p of patterns) {
    if (/[*?[\]{}]/.test(p)) for (const m of await glob(p, { onlyFiles: true })) out.add(m);
    else {
      const st = await stat(p).catch(() => null);
      if (st?.isDirectory()) for (const m of await glob(`${p.replace(/\/$/, '')}/*`, { onlyFiles: true })) out.add(m);
      else out.add(p);
    }
  }
  return [...out].sort();
}

async function poll(path: string, followed: Map<string, Followed>, opts: TailOptions): Promise<TailBatch[]> {
  const st = await stat(path).catch(() => null);
  let f = followed.get(path);
  const out: TailBatch[] = [];
  if (!st || !st.isFile()) return out; // gone for now (mid-rotation): keep the old handle until a new file appears
  if (f && f.ino !== st.ino) {
    // Rotated by rename: drain the old generation, then start the new one from its beginning.
    const rest = await readNew(f, Number.MAX_SAFE_INTEGER, opts, true);
    if (rest.length) out.push({ path, key: f.key, lines: rest, size: f.offset });
    await f.handle.close().catch(() => {});
    followed.delete(path);
    f = undefined;
    const fresh = await openFollowed(path, st.ino, opts, true);
    if (!fresh) return out;
    followed.set(path, fresh);
    const lines = await readNew(fresh, st.size, opts, false);
    out.push({ path, key: fresh.key, lines, size: st.size, event: 'rotated' });
    return out;
  }
  if (!f) {
    const fresh = await openFollowed(path, st.ino, opts, false, st.size);
    if (!fresh) return out;
    followed.set(path, fresh);
    f = fresh;
    out.push({ path, key: f.key, lines: [], size: st.size, event: 'opened' });
  }
  let event: TailBatch['event'];
  if (st.size < f.offset) {
    // copytruncate or truncation: the content we knew is gone; read the file again from its start.
    f.offset = 0;
    f.line = 0;
    f.partial = Buffer.alloc(0);
    f.key = (await fileIdentity(path)) ?? f.key;
    event = 'truncated';
  }
  if (st.size > f.offset) {
    const lines = await readNew(f, st.size, opts, false);
    if (lines.length || event) out.push({ path, key: f.key, lines, size: st.size, event });
  } else if (event) {
    out.push({ path, key: f.key, lines: [], size: st.size, event });
  }
  return out;
}

async function openFollowed(path: string, ino: number, opts: TailOptions, rotated: boolean, size = 0): Promise<Followed | null> {
  const key = await fileIdentity(path);
  if (!key) return null; // no complete first line yet: identity unknown, try again next poll
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return null;
  const saved = rotated ? null : await opts.resume?.(key);
  let offset = 0;
  let line = 0;
  if (saved && saved.offset <= size) ({ offset, line } = saved);
  else if (!rotated && opts.fromEnd && !saved) offset = size; // line numbers then count from where following began
  return { path, key, ino, handle, offset, line, partial: Buffer.alloc(0) };
}

/** Read complete lines between the followed offset and `until` (or EOF). */
async function readNew(f: Followed, until: number, opts: TailOptions, final: boolean): Promise<RawLine[]> {
  const maxLine = opts.maxLineBytes ?? MAX_LINE_BYTES;
  const lines: RawLine[] = [];
  const buf = Buffer.allocUnsafe(1 << 20);
  let readPos = f.offset + f.partial.length;
  while (readPos < until) {
    const { bytesRead } = await f.handle.read(buf, 0, Math.min(buf.length, until - readPos), readPos);
    if (bytesRead === 0) break;
    readPos += bytesRead;
    let data = f.partial.length ? Buffer.concat([f.partial, buf.subarray(0, bytesRead)]) : Buffer.from(buf.subarray(0, bytesRead));
    let start = 0;
    for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
      lines.push(makeLine(f, data.subarray(start, nl), nl - start + 1, maxLine));
      start = nl + 1;
    }
    data = data.subarray(start);
    // A partial line longer than the limit is emitted cut, as the batch reader does.
    f.partial = data.length > maxLine ? Buffer.alloc(0) : Buffer.from(data);
    if (data.length > maxLine) lines.push(makeLine(f, data, data.length, maxLine));
  }
  if (final && f.partial.length) {
    lines.push(makeLine(f, f.partial, f.partial.length, maxLine));
    f.partial = Buffer.alloc(0);
  }
  return lines;
}

function makeLine(f: Followed, bytes: Buffer, consumed: number, maxLine: number): RawLine {
  let view = bytes.length && bytes[bytes.length - 1] === 13 ? bytes.subarray(0, bytes.length - 1) : bytes;
  const truncated = view.length > maxLine;
  if (truncated) view = view.subarray(0, maxLine);
  f.line++;
  const line: RawLine = { text: utf8Text(view, 0, view.length), line: f.line, offset: f.offset, end: f.offset + consumed };
  if (truncated) line.truncated = true;
  f.offset += consumed;
  return line;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
