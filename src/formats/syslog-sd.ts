/**
 * RFC 5424 STRUCTURED-DATA: `[id key="value" key2="v\"2"][id2 ...]` or `-`.
 * Returns the elements as { id: { key: value } } and the index just after them, or undefined when malformed.
 */
export interface StructuredData {
  elements: Record<string, Record<string, string>>;
  end: number;
}

const NAME_END = /[ =\]"]/;

export function parseStructuredData(text: string, start: number): StructuredData | undefined {
  if (text[start] === '-') return { elements: {}, end: start + 1 };
  const elements: Record<string, Record<string, string>> = {};
  let i = start;
  while (text[i] === '[') {
    const id = readName(text, i + 1);
    if (id === undefined) return undefined;
    const params: Record<string, string> = {};
    i = id.end;
    while (text[i] === ' ') {
      const key = readName(text, i + 1);
      if (key === undefined || text[key.end] !== '=' || text[key.end + 1] !== '"') return undefined;
      const value = readQuoted(text, key.end + 2);
      if (value === undefined) return undefined;
      params[key.name] = value.value;
      i = value.end;
    }
    if (text[i] !== ']') return undefined;
    elements[id.name] = params;
    i++;
  }
  return i === start ? undefined : { elements, end: i };
}

function readName(text: string, start: number): { name: string; end: number } | undefined {
  let end = start;
  while (end < text.length && !NAME_END.test(text[end])) end++;
  return end === start ? undefined : { name: text.slice(start, end), end };
}

/** A PARAM-VALUE after its opening quote; `\"`, `\\` and `\]` are escapes. */
function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  let value = '';
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\' || text[i + 1] === ']')) {
      value += text[++i];
    } else {
      value += c;
    }
  }
  return undefined;
}
