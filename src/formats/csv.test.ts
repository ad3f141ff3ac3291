import { describe, expect, it } from 'vitest';
import { splitCsvRow } from './csv.js';

describe('splitCsvRow', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['a,,c,', ['a', '', 'c', '']],
    ['1,"x, y",z', ['1', 'x, y', 'z']],
    ['"say ""hi""",2', ['say "hi"', '2']],
    ['"",x', ['', 'x']],
    ['"a\nb",c', ['a\nb', 'c']],
    ['ab"c,d', ['ab"c', 'd']],
    ['"q"tail,d', ['qtail', 'd']],
  ])('%j', (row, fields) => {
    expect(splitCsvRow(row)).toEqual(fields);
  });

  it('returns undefined while a quoted field is open', () => {
    expect(splitCsvRow('1,"starts here')).toBeUndefined();
    expect(splitCsvRow('1,"doubled "" quote')).toBeUndefined();
  });
});
