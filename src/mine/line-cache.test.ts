import { describe, expect, it } from 'vitest';
import { LineCache, UNCACHED } from './line-cache.js';
import { BUILTIN_MASKS, MaskRegistry } from './masks.js';
import { Scanner, type LineScan } from './scanner.js';
import { WILD_KEY } from './template-text.js';
import { TokenTable } from './token-table.js';

function scanner(table = new TokenTable(WILD_KEY)): Scanner {
  return new Scanner({ registry: new MaskRegistry(BUILTIN_MASKS, []), table, maxTokens: 64, custom: null, keyValues: true });
}

/** Everything a scan holds, token by token. */
function state(line: LineScan): string[] {
  const out: string[] = [];
  for (let i = 0; i < line.count; i++) {
    const spans: string[] = [];
    for (let s = line.segFrom[i]; s < line.segFrom[i + 1]; s++) spans.push(`${line.segStart[s]}-${line.segEnd[s]}:${line.segMask[s]}`);
    out.push(`${line.start[i]}-${line.end[i]} ${JSON.stringify(line.keyOf(i))} id=${line.id[i]} flags=${line.flags[i]} [${spans.join(' ')}]`);
  }
  return out.concat(`segments=${line.segCount}`);
}

/** Lines of one shape (same characters, a digit for a digit), where the second is scanned from the cache. */
const SAME_SHAPE: [string, string][] = [
  ['Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106', 'Receiving block blk_-4980916519894289629 src: /10.251.73.220:50010'],
  ['CE sym 2, at 0x0b85eee0, mask 0x05', 'CE sym 7, at 0x1c96fff1, mask 0x93'],
  ['Deleting block blk_17 file /mnt/data/subdir26/blk_17', 'Deleting block blk_42 file /mnt/data/subdir31/blk_42'],
  ['user=bob7 ms=12 tag="View Lock" at Mon Jun 17', 'user=bob3 ms=98 tag="View Lock" at Mon Jun 94'],
  ['worker t761 R02 x86_64 abc1', 'worker t123 R97 x99_12 abc2'],
];

describe('scans cached by line shape', () => {
  it('give a line of a known shape the scan it would get afresh', () => {
    for (const [first, second] of SAME_SHAPE) {
      const warm = scanner();
      warm.scan(first);
      expect(state(warm.scan(second)), second).toEqual(state(scanner().scan(second)));
    }
  });

  it('keep lines whose `0x` pairs differ apart', () => {
    const s = scanner();
    s.scan('iar 0x0b85eee0');
    expect(state(s.scan('iar 5x0b85eee0'))).toEqual(state(scanner().scan('iar 5x0b85eee0')));
    expect(state(s.scan('iar 0x1234abcd'))).toEqual(state(scanner().scan('iar 0x1234abcd')));
  });

  it('look up keys with literal digits from the text, and give such lines no shape id', () => {
    const table = new TokenTable(WILD_KEY);
    const s = scanner(table);
    const abc1 = table.intern('abc1');
    expect(s.scan('value abc1').id[1]).toBe(abc1);
    expect(s.scan('value abc2').id[1]).toBe(-1);
    expect(s.scan('value abc1').id[1]).toBe(abc1);
    expect(s.line.shapeId).toBe(-1);
  });

  it('find a key that enters the table after its shape was cached, then give the shape an id', () => {
    const table = new TokenTable(WILD_KEY);
    const s = scanner(table);
    s.scan('Verification succeeded for blk_42');
    for (let i = 0; i < 4; i++) table.intern(s.line.keyOf(i));
    const line = s.scan('Verification succeeded for blk_97');
    expect(line.id[3]).toBeGreaterThan(0);
    expect(line.id[3]).toBe(table.lookup(line.keyOf(3)));
    expect(line.shapeId).toBe(-1); // its keys were looked up this time
    const id = s.scan('Verification succeeded for blk_13').shapeId;
    expect(id).toBeGreaterThanOrEqual(0);
    expect(s.scan('Verification succeeded for blk_55').shapeId).toBe(id);
    expect(s.scan('Verification succeeded for blk_1').shapeId).not.toBe(id);
  });

  it('scan lines that are not ASCII, or very long, without it', () => {
    for (const text of ['café au lait 42', 'x '.repeat(700) + '17']) {
      const s = scanner();
      s.scan(text);
      expect(state(s.scan(text.replace(/\d/g, '9')))).toEqual(state(scanner().scan(text.replace(/\d/g, '9'))));
      expect(s.line.shapeId).toBe(-1);
    }
  });

  it('stays correct when more shapes pass than it holds', () => {
    const s = scanner();
    for (let n = 1; n < 5000; n++) s.scan(`${'k'.repeat(n % 300)} ${n} p${'q'.repeat(n % 17)}`);
    for (const [first, second] of SAME_SHAPE) {
      s.scan(first);
      expect(state(s.scan(second))).toEqual(state(scanner().scan(second)));
    }
  });

  it('rests while lines rarely repeat a shape', () => {
    const cache = new LineCache();
    const word = (n: number) => n.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)]);
    for (let n = 0; n < 1024; n++) expect(cache.lookup(`line ${word(n)}`)).toBe(-1);
    expect(cache.lookup('line')).toBe(UNCACHED);
  });
});
