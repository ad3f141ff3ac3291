import { describe, expect, it } from 'vitest';
import { MaskRegistry, BUILTIN_MASKS } from './masks.js';
import { Scanner } from './scanner.js';
import { TokenTable } from './token-table.js';
import { WILD_KEY } from './template-text.js';

/** What a scan says about each token: its key and its masked spans, relative to the token. */
function describeScan(scanner: Scanner, message: string): string[] {
  const line = scanner.scan(message);
  const out: string[] = [];
  for (let i = 0; i < line.count; i++) {
    const spans: string[] = [];
    for (let s = line.segFrom[i]; s < line.segFrom[i + 1]; s++) {
      spans.push(`${line.segStart[s] - line.start[i]}-${line.segEnd[s] - line.start[i]}:${line.segMask[s]}`);
    }
    out.push(`${JSON.stringify(line.keyOf(i))} id=${line.id[i]} flags=${line.flags[i]} [${spans.join(' ')}]`);
  }
  return out;
}

function scanner(table = new TokenTable(WILD_KEY)): Scanner {
  return new Scanner({ registry: new MaskRegistry(BUILTIN_MASKS, []), table, maxTokens: 64, custom: null, keyValues: true });
}

/** Tokens whose digits change the verdict only through their count or a `0x` pair. */
const PAIRS: [string, string][] = [
  ['blk_-1608999687919862906', 'blk_-4980916519894289629'],
  ['/10.250.19.102:54106', '/10.251.73.220:50010'],
  ['0x0b85eee0', '0x05abcdef'],
  ['1x0b85eee0', '2x0b85eee0'],
  ['x86_64', 'x99_12'],
  ['abc1', 'abc2'],
  ['ms=12,user=bob7', 'ms=98,user=bob3'],
  ['/var/log/app-2024-01-02.log', '/var/log/app-2031-11-19.log'],
  ['123e4567-e89b-12d3-a456-426614174000', '923e4567-e89b-12d3-a456-426614174999'],
];

describe('masking verdicts cached by token shape', () => {
  it('give a token the same spans and key as classifying it afresh', () => {
    for (const [first, second] of PAIRS) {
      const warm = scanner();
      // Classifies `first`, then reuses its shape for `second` (in a line of another shape, so that the
      // whole-line cache of line-cache.ts does not answer first).
      describeScan(warm, `a ${first} b`);
      expect(describeScan(warm, `x ${second} y`), `${first} → ${second}`).toEqual(describeScan(scanner(), `x ${second} y`));
    }
  });

  it('keep a `0x` number apart from a number that only looks like it', () => {
    const s = scanner();
    const hex = describeScan(s, '0x1f00aa')[0];
    const other = describeScan(s, '1x1f00aa')[0];
    expect(hex).not.toEqual(other);
    expect(describeScan(scanner(), '1x1f00aa')[0]).toEqual(other);
  });

  it('find the key of a cached shape once the key enters the table', () => {
    const table = new TokenTable(WILD_KEY);
    const s = scanner(table);
    const before = s.scan('blk_-42').id[0];
    expect(before).toBe(-1);
    const id = table.intern(s.line.keyOf(0));
    expect(s.scan('blk_-97 x').id[0]).toBe(id);
  });

  it('read literal digits from the text when they are part of the key', () => {
    const table = new TokenTable(WILD_KEY);
    const s = scanner(table);
    const abc1 = table.intern('abc1');
    expect(s.scan('abc1').id[0]).toBe(abc1);
    expect(s.scan('abc2 x').id[0]).toBe(-1);
    expect(s.line.keyOf(0)).toBe('abc2');
    expect(s.scan('abc1 y').id[0]).toBe(abc1);
  });

  it('stays correct when more shapes pass than it holds', () => {
    const s = scanner();
    for (let n = 1; n < 3000; n++) describeScan(s, `${'k'.repeat(n % 200)}=${n} /p${n}/q`);
    for (const [first, second] of PAIRS) {
      describeScan(s, first);
      expect(describeScan(s, `x ${second}`)).toEqual(describeScan(scanner(), `x ${second}`));
    }
  });
});
