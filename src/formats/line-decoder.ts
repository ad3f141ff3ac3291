import { sourceOf } from './env.js';
import { createRecordBuilder, fieldSchema, type RecordEnv } from './fields.js';
import { FormatError } from './format.js';
import { compileLineFormat } from './line-format.js';
import type { HeaderDecoder } from './multiline.js';
import { findPreset, PRESET_NAMES, type Preset, type PresetName } from './presets.js';

export interface LineFormatChoice {
  preset?: string;
  lineFormat?: string;
}

/** A resolved `line` format: the preset (if any) and what it knows about its fields. */
export interface LineFormatSpec {
  readonly description: string;
  /** The canonical preset name, when a preset was chosen. */
  readonly preset?: PresetName;
  readonly lineFormat: string;
  readonly semantics: Preset | undefined;
}

/** Resolve a preset name or a custom log format; throws FormatError when neither (or both) is usable. */
export function lineFormatSpec(choice: LineFormatChoice): LineFormatSpec {
  if (choice.preset && choice.lineFormat) throw new FormatError('pass either a preset or a line format, not both.');
  if (choice.preset) {
    const found = findPreset(choice.preset);
    if (!found) throw new FormatError(`unknown preset '${choice.preset}': use one of ${PRESET_NAMES.join(', ')}.`);
    return { description: `line (preset ${found.name})`, preset: found.name, lineFormat: found.preset.lineFormat, semantics: found.preset };
  }
  if (choice.lineFormat) return { description: `line (${choice.lineFormat})`, lineFormat: choice.lineFormat, semantics: undefined };
  throw new FormatError(`format 'line' needs a preset (${PRESET_NAMES.join(', ')}) or a line format such as '<Date> <Time> <Level> <Content>'.`);
}

/** Header decoder for a line format: one regex per format, compiled here once. Throws FormatError. */
export function createLineHeader(spec: LineFormatSpec, env: RecordEnv): HeaderDecoder & { readonly specificity: number } {
  const compiled = compileLineFormat(spec.lineFormat, spec.semantics?.fieldPatterns);
  const builder = createRecordBuilder(fieldSchema(compiled.fields, spec.semantics), env);
  const regex = compiled.regex;
  return {
    description: spec.description,
    specificity: compiled.specificity,
    decode(text, line) {
      const match = regex.exec(text);
      return match === null ? null : builder.build(match, 1, sourceOf(env, line));
    },
  };
}
