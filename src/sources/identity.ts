/**
 * File identity for checkpoints: a hash of the file's first line (up to 4 KiB, decompressed for
 * .gz), like Vector's checksum fingerprint. It survives renames (log rotation) and appends, and
 * changes when a file is replaced by new content. Two files whose first lines are byte-identical
 * share an identity (documented limitation); a file with no complete first line has none yet.
 */
import { createHash } from 'node:crypto';
import { openByteStream } from './file.js';

const FINGERPRINT_BYTES = 4096;

export async function fileIdentity(path: string): Promise<string | null> {
  const { stream } = openByteStream(path, 0);
  const parts: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      parts.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= FINGERPRINT_BYTES || (chunk as Buffer).includes(10)) break;
    }
  } catch {
    // A truncated gzip still has an identity if its first line was readable.
  } finally {
    stream.destroy();
  }
  const head = Buffer.concat(parts, total);
  const nl = head.indexOf(10);
  const first = nl === -1 ? (head.length >= FINGERPRINT_BYTES ? head.subarray(0, FINGERPRINT_BYTES) : null) : head.subarray(0, nl + 1);
  if (!first) return null;
  return createHash('sha256').update(first).digest('hex').slice(0, 32);
}

/** The first `n` lines of a file (for format detection). */
export async function headLines(path: string, n = 50, maxBytes = 256 * 1024): Promise<string[]> {
  const { stream } = openByteStream(path, 0);
  const parts: Buffer[] = [];
  let total = 0;
  let lines = 0;
  try {
    for await (const chunk of stream) {
      const c = chunk as Buffer;
      parts.push(c);
      total += c.length;
      for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++;
      if (lines >= n || total >= maxBytes) break;
    }
  } catch {
    // Detection works on whatever could be read.
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts, total).toString('utf8').split('\n').slice(0, n).map((l) => l.replace(/\r$/, '')).filter((l, i, a) => l.length > 0 || i < a.length - 1);
}
