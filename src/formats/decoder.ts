import { createClfHeader } from './clf.js';
import { cloudTrailRecord } from './cloudtrail.js';
import { createRecordEnv } from './env.js';
import { FORMAT_NAMES, FormatError, type FormatName, type FormatOptions, type RecordDecoder } from './format.js';
import { createJsonDecoder } from './json-decoder.js';
import { jsonFieldMap, jsonRecord } from './json-mapping.js';
import { createLineHeader, lineFormatSpec } from './line-decoder.js';
import { createLoghubCsvDecoder } from './loghub-csv.js';
import { createMultilineDecoder, DEFAULT_MULTILINE } from './multiline.js';
import { createSyslogHeader } from './syslog.js';

/**
 * The decoder for a known format. Throws FormatError (one sentence) for an unknown format or preset, an invalid
 * line format, a preset combined with another format, or an unknown time zone.
 */
export function createDecoder(opts: FormatOptions & { format: FormatName }): RecordDecoder {
  const format: string = opts.format;
  if ((opts.preset || opts.lineFormat) && format !== 'line') {
    throw new FormatError(`a preset or line format only applies to format 'line', not '${format}'.`);
  }
  switch (format) {
    case 'line': {
      const env = createRecordEnv(opts, 'unknown');
      return createMultilineDecoder(createLineHeader(lineFormatSpec(opts), env), env);
    }
    case 'clf': {
      const env = createRecordEnv(opts, 'access');
      return createMultilineDecoder(createClfHeader(env), env, { ...DEFAULT_MULTILINE, continuations: false });
    }
    case 'syslog': {
      const env = createRecordEnv(opts, 'syslog');
      return createMultilineDecoder(createSyslogHeader(env), env);
    }
    case 'json': {
      const env = createRecordEnv(opts, 'unknown');
      const fields = jsonFieldMap(opts.fieldMap);
      return createJsonDecoder('json', (value, source) => jsonRecord(value, fields, env, source), env);
    }
    case 'cloudtrail': {
      const env = createRecordEnv(opts, 'cloudtrail');
      return createJsonDecoder('cloudtrail', (value, source) => cloudTrailRecord(value, env, source), env);
    }
    case 'loghub-csv':
      return createLoghubCsvDecoder(createRecordEnv(opts, 'unknown'));
    default:
      throw new FormatError(`unknown format '${format}': use one of ${FORMAT_NAMES.join(', ')}.`);
  }
}
