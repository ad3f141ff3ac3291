import type { RawLine } from '../sources/raw-line.js';
import { createClfHeader } from './clf.js';
import { createDecoder } from './decoder.js';
import { createRecordEnv } from './env.js';
import { FORMAT_NAMES, FormatError, type Decoded, type Detection, type FormatName, type FormatOptions, type RecordDecoder } from './format.js';
import { createLineHeader, lineFormatSpec } from './line-decoder.js';
import { cleanText, isBlank, lineProblem, looksLikeContinuation } from './line-text.js';
import { isLoghubCsvHeader } from './loghub-csv.js';
import type { HeaderDecoder } from './multiline.js';
import { PRESET_NAMES, PRESETS, type Preset, type PresetName } from './presets.js';
import { createSyslogHeader } from './syslog.js';

/**
 * Guess the format of a file from its first lines. Every candidate — cloudtrail, json, loghub-csv, clf, each
 * preset, the loose `generic` preset (its second word must be a level), syslog — is scored on the sample:
 *   line formats: the share of lines that decode as a record header, not counting lines that plainly continue
 *     a record (indented, `at ...`, `Caused by:`), so stack traces do not count against a format;
 *   JSON and CSV: 1 − the share of lines inside rejects, for samples that start like the format. A value still
 *     open at the end of the sample, or one that only lacks a usable timestamp (a field-mapping matter, not a
 *     format one), counts as evidence for the format rather than against it.
 * The best score of at least MIN_SCORE wins; ties go to the earlier candidate in the order above, presets
 * sorted from the most to the least specific (the most literal text in their format).
 */
export const MIN_SCORE = 0.6;

interface Candidate {
  readonly format: FormatName;
  readonly preset?: string;
  readonly description: string;
  score(lines: RawLine[]): number;
}

export function detectFormat(sample: string[], opts: FormatOptions = {}): Detection {
  const forced = forcedFormat(opts);
  if (forced !== undefined) return forced;
  const lines = sample.map((text, k): RawLine => ({ text, line: k + 1, offset: k, end: k + 1 }));
  const subject = opts.fileName ?? 'the input';
  if (lines.every((line) => isBlank(line.text))) return { kind: 'unknown', message: `could not recognise the log format of ${subject}: the sample has no text; ${HINT}` };

  let best: { candidate: Candidate; score: number } | undefined;
  for (const candidate of candidates(lines, { ...opts, timezone: undefined })) {
    const score = candidate.score(lines);
    if (best === undefined || score > best.score) best = { candidate, score };
  }
  if (best === undefined || best.score < MIN_SCORE) {
    const closest = best && best.score > 0 ? ` (closest: ${best.candidate.description}, ${Math.round(best.score * 100)}% of sampled lines)` : '';
    return { kind: 'unknown', message: `could not recognise the log format of ${subject}${closest}; ${HINT}` };
  }
  const { format, preset, description } = best.candidate;
  return preset === undefined ? { kind: 'detected', format, description } : { kind: 'detected', format, preset, description };
}

const HINT = `pass --format (${FORMAT_NAMES.join(', ')}), --preset (${PRESET_NAMES.join(', ')}) or --line-format`;

/** Options that already name the format need no sniffing. */
function forcedFormat(opts: FormatOptions): Detection | undefined {
  try {
    if (opts.preset || opts.lineFormat) {
      const spec = lineFormatSpec(opts);
      return { kind: 'detected', format: 'line', preset: spec.preset, lineFormat: opts.lineFormat, description: spec.description };
    }
    if (opts.format && opts.format !== 'auto') {
      return { kind: 'detected', format: opts.format, description: createDecoder({ ...opts, format: opts.format }).description };
    }
  } catch (error) {
    if (error instanceof FormatError) return { kind: 'unknown', message: error.message };
    throw error;
  }
  return undefined;
}

/** The candidates in tie-break order; JSON and CSV only when the sample starts like them. */
function candidates(lines: RawLine[], opts: FormatOptions): Candidate[] {
  const env = createRecordEnv(opts, 'unknown');
  const first = cleanText(lines.find((line) => !isBlank(line.text))!.text).trimStart();
  const list: Candidate[] = [];
  const document = (format: FormatName): Candidate => {
    const make = (): RecordDecoder => createDecoder({ ...opts, format });
    return { format, description: make().description, score: (sample) => documentScore(make(), sample) };
  };
  if (first.startsWith('{') || first.startsWith('[')) {
    if (lines.some((line) => /"(?:Records|eventSource|eventVersion)"\s*:/.test(line.text))) list.push(document('cloudtrail'));
    list.push(document('json'));
  }
  if (isLoghubCsvHeader(first)) list.push(document('loghub-csv'));
  list.push(lineCandidate('clf', createClfHeader(env)));
  const presets = PRESET_NAMES.map((name) => ({ name, header: createLineHeader(lineFormatSpec({ preset: name }), env), fallback: isFallback(name) }));
  presets.sort((a, b) => Number(a.fallback) - Number(b.fallback) || b.header.specificity - a.header.specificity);
  for (const { name, header } of presets) list.push(lineCandidate('line', header, name));
  list.push(lineCandidate('syslog', createSyslogHeader(env)));
  return list;
}

function isFallback(name: PresetName): boolean {
  const preset: Preset = PRESETS[name];
  return preset.fallback === true;
}

function lineCandidate(format: FormatName, header: HeaderDecoder, preset?: string): Candidate {
  return { format, preset, description: header.description, score: (lines) => headerScore(header, lines) };
}

function headerScore(header: HeaderDecoder, lines: RawLine[]): number {
  let matched = 0;
  let counted = 0;
  for (const line of lines) {
    const text = cleanText(line.text);
    if (isBlank(text)) continue;
    const decoded = lineProblem(line) === undefined ? header.decode(text, line) : 'binary data';
    if (decoded === null && looksLikeContinuation(text)) continue;
    counted++;
    if (decoded !== null && typeof decoded !== 'string') matched++;
  }
  return matched === 0 ? 0 : matched / counted;
}

/** Rejects that show the format is right but a field is not usable. */
const MAPPING_REASONS: ReadonlySet<string> = new Set(['missing timestamp', 'invalid timestamp']);

/** Lines are numbered so that offset k / end k + 1 belong to sample line k. */
function documentScore(decoder: RecordDecoder, lines: RawLine[]): number {
  const covered = new Uint8Array(lines.length);
  const bad = new Uint8Array(lines.length);
  const mark = (into: Uint8Array, firstLine: number, end: number): void => {
    for (let k = firstLine - 1; k < end; k++) into[k] = 1;
  };
  let evidence = false;
  const tally = (item: Decoded, atEnd: boolean): void => {
    if (item.kind === 'record' || MAPPING_REASONS.has(item.reject.reason) || (atEnd && item.reject.reason === 'truncated JSON')) {
      evidence = true;
      const first = item.kind === 'record' ? item.record.source.line : item.reject.source.line;
      mark(covered, first, item.end);
    } else if (!atEnd) {
      mark(bad, item.reject.source.line, item.end);
    }
  };
  for (const line of lines) for (const item of decoder.push(line)) tally(item, false);
  for (const item of decoder.flush()) tally(item, true);
  if (!evidence) return 0;
  let nonBlank = 0;
  let failed = 0;
  lines.forEach((line, k) => {
    if (isBlank(line.text)) return;
    nonBlank++;
    if (bad[k] === 1 && covered[k] === 0) failed++;
  });
  return 1 - failed / nonBlank;
}
