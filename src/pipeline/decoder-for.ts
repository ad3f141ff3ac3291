/**
 * Which decoder reads a file: the format the user named (a line format or preset means `line`),
 * else what the file's first lines look like. Shared by ingest, watch and parse.
 */
import { createDecoder, detectFormat, type FormatName, type FormatOptions, type RecordDecoder } from '../formats/index.js';
import { headLines } from '../sources/identity.js';

export type DecoderChoice = { kind: 'ok'; decoder: RecordDecoder; format: FormatName } | { kind: 'unknown'; message: string };

export async function decoderFor(path: string, opts: FormatOptions): Promise<DecoderChoice> {
  const fileName = opts.fileName ?? path;
  const chosen = (format: FormatName, extra: Partial<FormatOptions> = {}): DecoderChoice => ({
    kind: 'ok',
    format,
    decoder: createDecoder({ ...opts, ...extra, format, fileName }),
  });
  if (opts.lineFormat || opts.preset) return chosen('line');
  if (opts.format && opts.format !== 'auto') return chosen(opts.format);
  const detection = detectFormat(await headLines(path), { ...opts, fileName });
  if (detection.kind === 'unknown') return { kind: 'unknown', message: detection.message };
  return chosen(detection.format, { preset: detection.preset, lineFormat: detection.lineFormat });
}
