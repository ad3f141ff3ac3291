import { describe, expect, it } from 'vitest';
import { jsonSkeleton } from './json-skeleton.js';

const shown = (key: string) => key.replace(/\uE000/g, '<*>');

describe('jsonSkeleton', () => {
  it('keys an object by its keys, nested objects included, values as params', () => {
    const s = jsonSkeleton(' {"a":1,"b":{"c":"x y","d":null},"e":[1,2]} ');
    expect(s && shown(s.key)).toBe('{"a":<*>,"b":{"c":<*>,"d":<*>},"e":<*>}');
    expect(s?.values).toEqual([
      { value: '1', mask: 'NUM' },
      { value: 'x y', mask: '*' },
      { value: 'null', mask: '*' },
      { value: '[1,2]', mask: '*' },
    ]);
  });

  it('escapes whitespace in keys so the skeleton stays one token', () => {
    expect(jsonSkeleton('{"a b":1}')?.key).toBe('{"a\\u0020b":\uE000}');
  });

  it('ignores anything that is not a JSON object', () => {
    expect(jsonSkeleton('[1,2]')).toBeNull();
    expect(jsonSkeleton('{not json}')).toBeNull();
    expect(jsonSkeleton('prefix {"a":1}')).toBeNull();
    expect(jsonSkeleton('')).toBeNull();
  });
});
