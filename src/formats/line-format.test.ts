import { describe, expect, it } from 'vitest';
import { FormatError } from './format.js';
import { compileLineFormat } from './line-format.js';

const fieldsOf = (format: string, line: string, patterns?: Record<string, string>): Record<string, string | undefined> | null => {
  const compiled = compileLineFormat(format, patterns);
  const match = compiled.regex.exec(line);
  return match && Object.fromEntries(compiled.fields.map((name, k) => [name, match[k + 1]]));
};

describe('compileLineFormat', () => {
  it('splits a header into named fields with the last one taking the rest of the line', () => {
    expect(fieldsOf('<Date> <Time> <Pid> <Level> <Component>: <Content>', '081109 203518 143 INFO dfs.DataNode: Receiving block: x y')).toEqual({
      Date: '081109', Time: '203518', Pid: '143', Level: 'INFO', Component: 'dfs.DataNode', Content: 'Receiving block: x y',
    });
  });

  it('lets runs of spaces in the format match any run of whitespace', () => {
    expect(fieldsOf('<A>  <B> <C>', 'a b\t\tc rest')).toEqual({ A: 'a', B: 'b', C: 'c rest' });
  });

  it('treats backslash escapes and regex characters outside groups as literal text', () => {
    expect(fieldsOf(String.raw`\[<Time>\] \[<Level>\] <Content>`, '[Sun Dec 04 04:47:44 2005] [error] boom')).toEqual({
      Time: 'Sun Dec 04 04:47:44 2005', Level: 'error', Content: 'boom',
    });
    expect(fieldsOf('<A>|<B>.<C>', 'x|y.z')).toEqual({ A: 'x', B: 'y', C: 'z' });
    expect(fieldsOf('<A>.<B>', 'xQz')).toBeNull();
  });

  it('supports optional groups such as (\\[<PID>\\])?', () => {
    const format = String.raw`<Month> <Date> <Time> <Host> <Component>(\[<PID>\])?: <Content>`;
    expect(fieldsOf(format, 'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: auth failure')).toMatchObject({ Component: 'sshd(pam_unix)', PID: '19939' });
    expect(fieldsOf(format, 'Jun 14 15:16:01 combo kernel: Memory: 1k')).toMatchObject({ Component: 'kernel', PID: undefined, Content: 'Memory: 1k' });
  });

  it('supports alternatives inside a group', () => {
    expect(fieldsOf('<A> (-|:) <B>', 'x : y')).toEqual({ A: 'x', B: 'y' });
    expect(fieldsOf('<A> (-|:) <B>', 'x - y')).toEqual({ A: 'x', B: 'y' });
  });

  it('keeps a field from running past the delimiter after it', () => {
    expect(fieldsOf('<Node>:<Component>@<Id> <Content>', 'Quorum[x=1]/0:0:0:2181:Election@774 hi')).toEqual({
      Node: 'Quorum[x=1]/0', Component: '0:0:2181:Election', Id: '774', Content: 'hi',
    });
  });

  it('uses per-field patterns when given', () => {
    expect(fieldsOf('<Level> <Content>', 'warn: disk', { Level: '(?:INFO|WARN)' })).toBeNull();
    expect(fieldsOf('<Level> <Content>', 'WARN disk', { Level: '(?:INFO|WARN)' })).toEqual({ Level: 'WARN', Content: 'disk' });
  });

  it('fails fast on long lines that almost match (no catastrophic backtracking)', () => {
    const compiled = compileLineFormat('<A> <B> <C> <D> <E>: <Content>');
    const line = Array.from({ length: 20_000 }, (_, k) => `w${k}`).join(' ');
    expect(compiled.regex.test(line)).toBe(false);
  });

  it('ranks formats with more literal text and fields as more specific', () => {
    const loose = compileLineFormat('<Date> <Time> <Level> <Component>: <Content>');
    const strict = compileLineFormat(String.raw`<Date> <Day> <Time> <Component> sshd\[<Pid>\]: <Content>`);
    expect(strict.specificity).toBeGreaterThan(loose.specificity);
  });

  it.each([
    ['plain text', /has no field/],
    ['<A> <A>', /names the field <A> twice/],
    ['(<A> <B>', /unclosed '\('/],
    ['<A>) <B>', /'\)' without its '\('/],
    ['<A> <B>', null],
  ])('validates %j', (format, error) => {
    if (error === null) expect(() => compileLineFormat(format)).not.toThrow();
    else expect(() => compileLineFormat(format)).toThrow(error);
  });

  it('rejects field patterns with capturing groups and invalid regexes', () => {
    expect(() => compileLineFormat('<A> <B>', { A: '(x)' })).toThrow(/capturing groups/);
    expect(() => compileLineFormat('<A> <B>', { A: '(?:x' })).toThrow(FormatError);
  });
});
