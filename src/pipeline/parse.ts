/**
 * Parse a log into templates without a store: decode each line, mine its message, and report
 * line → template. Templates generalise as mining goes on, so the final text of each line's
 * cluster is reported once the whole input is read (as Drain's own evaluation does).
 */
import type { FormatOptions, RecordDecoder } from '../formats/index.js';
import { createMiner, type MinedCluster } from '../mine/template-miner.js';
import { readLines } from '../sources/file.js';
import { decoderFor } from './decoder-for.js';

export interface ParsedLine {
  /** 1-based index over the decoded records (Loghub's LineId). */
  lineId: number;
  sourceLine: number;
  cluster: MinedCluster;
  message: string;
}

export interface ParseResult {
  lines: ParsedLine[];
  clusters: MinedCluster[];
  rejects: number;
  format: string;
}

export class ParseError extends Error {}

export async function parseFile(path: string, opts: FormatOptions = {}): Promise<ParseResult> {
  const choice = await decoderFor(path, opts);
  if (choice.kind === 'unknown') throw new ParseError(choice.message);
  const decoder = choice.decoder;
  const miner = createMiner();
  const lines: ParsedLine[] = [];
  let rejects = 0;
  const take = (items: ReturnType<RecordDecoder['push']>) => {
    for (const item of items) {
      if (item.kind === 'reject') {
        rejects++;
        continue;
      }
      const r = item.record;
      const out = miner.add(r.message, opts.service ?? 'all');
      lines.push({ lineId: lines.length + 1, sourceLine: r.source.line, cluster: out.cluster, message: r.message });
    }
  };
  for await (const batch of readLines(path)) for (const line of batch) take(decoder.push(line));
  take(decoder.flush());
  const seen = new Set<MinedCluster>();
  const clusters: MinedCluster[] = [];
  for (const l of lines) if (!seen.has(l.cluster)) seen.add(l.cluster), clusters.push(l.cluster);
  return { lines, clusters, rejects, format: decoder.description };
}


/** Loghub's scoring CSV: LineId,EventId,EventTemplate with event ids E1.. in order of first appearance. */
export function toParseCsv(result: ParseResult): string {
  const ids = new Map(result.clusters.map((c, i) => [c, `E${i + 1}`]));
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = result.lines.map((l) => `${l.lineId},${ids.get(l.cluster)},${quote(l.cluster.text)}`);
  return `LineId,EventId,EventTemplate\n${rows.join('\n')}\n`;
}
