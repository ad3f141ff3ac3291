import { describe, expect, it } from 'vitest';
import { forEachKeyValue } from './key-values.js';

/** The definition forEachKeyValue must agree with (an unterminated quote is part of a bare value). */
const KEY_VALUE = /(?:^|\s)([A-Za-z_][\w.-]*)=(?:"((?:[^"\\]|\\.)*)"|([^\s,;]*))/g;
function byRegex(message: string): [string, string][] {
  return [...message.matchAll(KEY_VALUE)].map((m) => [m[1]!, m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!]);
}
function pairs(message: string): [string, string][] {
  const out: [string, string][] = [];
  forEachKeyValue(message, (k, v) => out.push([k, v]));
  return out;
}

describe('forEachKeyValue', () => {
  it('reads bare and quoted values, unescaping the quoted ones', () => {
    expect(pairs('user=alice Login failed reason="bad \\"old\\" password" n=3')).toEqual([
      ['user', 'alice'], ['reason', 'bad "old" password'], ['n', '3'],
    ]);
  });

  it('needs whitespace or the start before a key, and a letter or underscore to begin it', () => {
    expect(pairs('a=1,b=2;c=3 d=4')).toEqual([['a', '1'], ['d', '4']]);
    expect(pairs('x=1 9a=2 _b.c-d=3 url=http://h/?q=1&r=2')).toEqual([['x', '1'], ['_b.c-d', '3'], ['url', 'http://h/?q=1&r=2']]);
    expect(pairs('=1 a= b="" c="open')).toEqual([['a', ''], ['b', ''], ['c', '"open']]);
  });

  it('does not find keys inside a quoted value', () => {
    expect(pairs('a="x b=1" c=2')).toEqual([['a', 'x b=1'], ['c', '2']]);
    expect(pairs('a="x"b=1 c=2')).toEqual([['a', 'x'], ['c', '2']]);
  });

  it('agrees with the regex on random messages', () => {
    let seed = 12345;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const alphabet = ['a', 'b', 'Z', '_', '1', '.', '-', '=', '"', '\\', ' ', '\t', '\n', ',', ';', '\u00a0', '\u2028', 'é', 'x=', ' k=', '="', '\\"'];
    for (let i = 0; i < 20_000; i++) {
      let message = '';
      const len = rnd(24);
      for (let k = 0; k < len; k++) message += alphabet[rnd(alphabet.length)];
      expect(pairs(message), JSON.stringify(message)).toEqual(byRegex(message));
    }
  });
});
