/**
 * `key=value` pairs in a message: `user=alice status="gone away" n=3`. A key starts the message or
 * follows whitespace (`[A-Za-z_][\w.-]*`); a value is a double-quoted string with backslash escapes,
 * or runs to the next whitespace, comma or semicolon. Exactly the pairs of
 * `/(?:^|\s)([A-Za-z_][\w.-]*)=(?:"((?:[^"\\]|\\.)*)"|([^\s,;]*))/g` (the test holds it to that), read
 * by hand: the regex, its match arrays and its iterator were an eighth of decoding a generic line.
 */

/** Calls `pair` for each pair, in order; quoted values come unquoted and unescaped. */
export function forEachKeyValue(message: string, pair: (key: string, value: string) => void): void {
  const n = message.length;
  // Each key ends at the first '=' after it, so the candidates are the '=' signs, in order. The
  // key is the run of key characters before one; it must start with a letter or underscore and
  // begin the message or follow whitespace. A value ends at whitespace, a comma, a semicolon or a
  // closing quote, none of them key characters, so a key never reaches back into the pair before.
  let eq = message.indexOf('=');
  while (eq !== -1) {
    let start = eq;
    while (start > 0 && isKeyChar(message.charCodeAt(start - 1))) start--;
    if (start === eq || !isKeyStart(message.charCodeAt(start)) || (start > 0 && !isSpace(message.charCodeAt(start - 1)))) {
      eq = message.indexOf('=', eq + 1);
      continue;
    }
    const v = eq + 1;
    let end = v < n && message.charCodeAt(v) === QUOTE ? quotedEnd(message, v) : -1;
    let value: string;
    if (end !== -1) {
      value = unescape(message, v + 1, end - 1);
    } else {
      end = v;
      while (end < n && !endsBare(message.charCodeAt(end))) end++;
      value = message.slice(v, end);
    }
    pair(message.slice(start, eq), value);
    eq = message.indexOf('=', end);
  }
}

/** Index just past the closing quote of `"(?:[^"\\]|\\.)*"` starting at `open`, or -1. */
function quotedEnd(s: string, open: number): number {
  const n = s.length;
  for (let i = open + 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      // `\\.`: `.` matches anything but a line terminator.
      if (i + 1 >= n || isLineTerminator(s.charCodeAt(i + 1))) return -1;
      i++;
    }
  }
  return -1;
}

function unescape(s: string, from: number, to: number): string {
  const i = s.indexOf('\\', from);
  if (i === -1 || i >= to) return s.slice(from, to);
  let out = '';
  let at = from;
  for (let k = i; k < to; k++) {
    if (s.charCodeAt(k) === BACKSLASH) {
      out += s.slice(at, k) + s[k + 1];
      k++;
      at = k + 1;
    }
  }
  return out + s.slice(at, to);
}

const QUOTE = 34;
const BACKSLASH = 92;

function isKeyStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** `[\w.-]` */
function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

/** `[\s,;]`: where a bare value stops. */
function endsBare(c: number): boolean {
  return c === 44 || c === 59 || isSpace(c);
}

function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** JavaScript's `\s`. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
