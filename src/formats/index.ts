export {
  FORMAT_NAMES,
  FormatError,
  isFormatName,
  type Decoded,
  type Detection,
  type FormatName,
  type FormatOptions,
  type JsonFieldMap,
  type RecordDecoder,
  type RejectReason,
} from './format.js';
export { createDecoder } from './decoder.js';
export { detectFormat } from './detect.js';
export { LOGHUB_PRESETS, PRESET_NAMES, PRESETS, findPreset, type Preset, type PresetName } from './presets.js';
export { DEFAULT_JSON_FIELDS } from './json-mapping.js';
export { parseTimestamp, timestampContext, type TimestampContext } from './timestamp.js';
export { resolveTimeZone, type TimeZone } from './timezone.js';
