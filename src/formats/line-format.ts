import { FormatError } from './format.js';

/**
 * A logparser `log_format` compiled into one regex.
 *
 * Syntax (as in logparser/Loghub): `<Name>` is a header field, everything else is literal text; runs of spaces
 * match any run of whitespace; backslash escapes (`\[`, `\|`) are literal characters; parentheses make an
 * (optionally `?`-suffixed) group, inside which `|` separates alternatives — so `(\[<PID>\])?` works.
 * Any other character is matched literally (`.`, `[`, `|` outside a group...).
 *
 * Field patterns differ from logparser's `(.*?)` on purpose: a field cannot contain the delimiter that follows
 * it (`<Level> ` → `(\S+)`, `<Node>:` → `([^:]*)`) nor start with whitespace, so matching is linear instead of
 * polynomial or exponential on lines that almost match. The last field takes the rest of the line. A field
 * followed by a group stays lazy (`.*?`); presets give such fields an explicit pattern. On the Loghub samples
 * this splits every line exactly like logparser's structured CSVs.
 */
export interface CompiledLineFormat {
  readonly source: string;
  readonly regex: RegExp;
  /** Capture group k + 1 holds fields[k]. */
  readonly fields: readonly string[];
  /** Fields plus literal characters outside groups: how much the format constrains a line (detection tie-break). */
  readonly specificity: number;
}

const FIELD = /(<[A-Za-z_][A-Za-z0-9_]*>)/;
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;
const CLASS_SPECIAL = /[\]\\^-]/g;

/** Compile a log format; `patterns` overrides the regex of named fields (non-capturing groups only). */
export function compileLineFormat(format: string, patterns: Readonly<Record<string, string>> = {}): CompiledLineFormat {
  const parts = format.split(FIELD);
  const fields: string[] = [];
  let body = '';
  let depth = 0;
  let specificity = 0;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k];
    if (k % 2 === 1) {
      const name = part.slice(1, -1);
      if (fields.includes(name)) throw new FormatError(`line format '${format}' names the field <${name}> twice.`);
      fields.push(name);
      const isLast = k === parts.length - 2 && parts[k + 1] === '';
      body += `(${patterns[name] ?? fieldPattern(parts[k + 1], isLast)})`;
      continue;
    }
    const literal = translateLiteral(part, depth, format);
    body += literal.regex;
    depth = literal.depth;
    specificity += literal.specificity;
  }
  if (fields.length === 0) throw new FormatError(`line format '${format}' has no field: name fields in angle brackets, e.g. <Date> <Level> <Content>.`);
  if (depth !== 0) throw new FormatError(`line format '${format}' has an unclosed '('.`);
  let regex: RegExp;
  try {
    regex = new RegExp(`^${body}$`);
  } catch (error) {
    throw new FormatError(`line format '${format}' is not valid: ${(error as Error).message}.`);
  }
  const groups = new RegExp(`${regex.source}|`).exec('')!.length - 1;
  if (groups !== fields.length) throw new FormatError(`line format '${format}' must not contain capturing groups of its own.`);
  return { source: format, regex, fields, specificity: specificity + fields.length };
}

/**
 * The regex of a field, chosen from the literal text that follows it. Fields never start with whitespace and
 * never contain the delimiter after them, so the `\s+` before a field cannot trade characters with it: a line
 * that does not match fails in linear time, whatever its runs of spaces or delimiters.
 */
function fieldPattern(next: string | undefined, isLast: boolean): string {
  if (isLast) return '.*';
  const c = next?.[0];
  if (c === undefined || c === '(' || c === ')' || c === '|' || c === '?') return '.*?';
  if (c === ' ' || c === '\t') return '\\S+';
  if (c === '\\') {
    const escaped = next![1];
    if (escaped === 's') return '\\S+';
    if (escaped === undefined || /[A-Za-z0-9]/.test(escaped)) return '.*?';
    return notStartingWithSpace(escaped);
  }
  return notStartingWithSpace(c);
}

/** Anything up to `delimiter`, possibly empty, not starting with whitespace. */
function notStartingWithSpace(delimiter: string): string {
  const d = delimiter.replace(CLASS_SPECIAL, '\\$&');
  return `(?:[^\\s${d}][^${d}]*)?`;
}

function translateLiteral(text: string, startDepth: number, format: string): { regex: string; depth: number; specificity: number } {
  let regex = '';
  let depth = startDepth;
  let specificity = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ' ') {
      while (text[i + 1] === ' ') i++;
      regex += '\\s+';
    } else if (c === '\\' && i + 1 < text.length) {
      regex += c + text[++i];
      if (depth === 0) specificity++;
    } else if (c === '(') {
      regex += '(?:';
      depth++;
    } else if (c === ')') {
      if (depth === 0) throw new FormatError(`line format '${format}' has a ')' without its '('.`);
      regex += ')';
      depth--;
      if (text[i + 1] === '?') regex += text[++i];
    } else if (c === '|' && depth > 0) {
      regex += '|';
    } else {
      regex += c.replace(REGEX_SPECIAL, '\\$&');
      if (depth === 0) specificity++;
    }
  }
  return { regex, depth, specificity };
}
