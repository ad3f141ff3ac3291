/**
 * Cut a log message into literal text and template parameters so a viewer can highlight the
 * parts that vary. Parameters are substrings of the message in order; when the template text
 * is known its literal parts anchor the search, so a parameter equal to an earlier word is not
 * mistaken for it. Pure; never throws: anything it cannot place stays literal.
 */

export interface Segment {
  text: string;
  /** Index of the parameter this text is, or null for literal text. */
  param: number | null;
}

const WILDCARD = /<[^<>\s]*>/g;

export function paramSegments(message: string, params: readonly string[], templateText?: string | null): Segment[] {
  const literals = templateText ? literalParts(templateText) : [];
  const out: Segment[] = [];
  let emitted = 0;
  params.forEach((param, index) => {
    // Skip the template's literal text before this parameter, when it is where expected.
    const literal = literals[index];
    const from = literal && message.startsWith(literal, emitted) ? emitted + literal.length : emitted;
    const at = param ? message.indexOf(param, from) : -1;
    if (at < 0) return;
    if (at > emitted) out.push({ text: message.slice(emitted, at), param: null });
    out.push({ text: param, param: index });
    emitted = at + param.length;
  });
  if (emitted < message.length) out.push({ text: message.slice(emitted), param: null });
  return merge(out);
}

/** The text between wildcards: "a <*> b <IP>" → ["a ", " b ", ""]. */
function literalParts(templateText: string): string[] {
  return templateText.split(WILDCARD);
}

function merge(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const prev = out[out.length - 1];
    if (prev && prev.param === null && s.param === null) prev.text += s.text;
    else out.push({ ...s });
  }
  return out;
}
