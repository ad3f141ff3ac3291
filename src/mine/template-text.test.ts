import { describe, expect, it } from 'vitest';
import { BUILTIN_MASKS, M, MaskRegistry } from './masks.js';
import { genericTemplate, parseToken, renderKey, splitTemplate } from './template-text.js';

const registry = new MaskRegistry(BUILTIN_MASKS, [{ name: 'TICKET', pattern: 'T-\\d+' }]);

describe('template text', () => {
  it('renders and parses token keys as inverses', () => {
    const key = `blk_${registry.char(M.NUM)}:${registry.char(registry.index('TICKET'))}`;
    expect(renderKey(key, registry)).toBe('blk_<NUM>:<TICKET>');
    expect(parseToken('blk_<NUM>:<TICKET>', registry)).toBe(key);
    expect(parseToken('<*>', registry)).toBe(registry.char(M.WILDCARD));
  });

  it('leaves unknown <NAMES> as text', () => {
    expect(parseToken('<html>', registry)).toBe('<html>');
    expect(parseToken('<NOPE>', registry)).toBe('<NOPE>');
  });

  it('splits on whitespace and shows every named mask as <*> for Loghub comparisons', () => {
    expect(splitTemplate('  a  b ')).toEqual(['a', 'b']);
    expect(splitTemplate('')).toEqual([]);
    expect(genericTemplate('from <IP>:<NUM> as <*> for <html>')).toBe('from <*>:<*> as <*> for <html>');
  });
});
