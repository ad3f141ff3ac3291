/**
 * A JSON object message templates on its keys: `{"user":"bob","ms":12}` keys as `{"user":<*>,"ms":<*>}`
 * and its leaf values become the params. Without this, a compact JSON line is one token that differs on
 * every line, so each line would become its own template.
 */
import { M, MaskRegistry } from './masks.js';
import type { Param } from './types.js';

const WILD = String.fromCharCode(MaskRegistry.BASE + M.WILDCARD);

export interface JsonSkeleton {
  /** Token key: the object with every leaf value (and every array) replaced by the wildcard character. */
  key: string;
  values: Param[];
}

/** The skeleton of a message that is a JSON object, or null for anything else. */
export function jsonSkeleton(message: string): JsonSkeleton | null {
  let first = 0;
  while (first < message.length && message.charCodeAt(first) <= 32) first++;
  let last = message.length - 1;
  while (last > first && message.charCodeAt(last) <= 32) last--;
  if (message.charCodeAt(first) !== 123 || message.charCodeAt(last) !== 125) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return null;
  }
  if (!isObject(parsed)) return null;
  const values: Param[] = [];
  return { key: skeleton(parsed, values), values };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function skeleton(obj: Record<string, unknown>, values: Param[]): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    // Whitespace in a key is escaped, so the skeleton stays one token when shown as text.
    const key = JSON.stringify(k).replace(/\s/g, (s) => `\\u${s.charCodeAt(0).toString(16).padStart(4, '0')}`);
    parts.push(`${key}:${isObject(v) ? skeleton(v, values) : leaf(v, values)}`);
  }
  return `{${parts.join(',')}}`;
}

function leaf(v: unknown, values: Param[]): string {
  if (typeof v === 'number') values.push({ value: String(v), mask: 'NUM' });
  else if (typeof v === 'string') values.push({ value: v, mask: '*' });
  else values.push({ value: JSON.stringify(v), mask: '*' });
  return WILD;
}
