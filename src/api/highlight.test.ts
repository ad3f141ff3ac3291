import { describe, expect, it } from 'vitest';
import { paramSegments } from './highlight.js';

const join = (segments: { text: string }[]) => segments.map((s) => s.text).join('');

describe('paramSegments', () => {
  it('marks each parameter and keeps the literal text between them', () => {
    const segments = paramSegments('Connection refused to 10.0.0.7:5432 after 3 tries', ['10.0.0.7', '5432', '3']);
    expect(segments).toEqual([
      { text: 'Connection refused to ', param: null },
      { text: '10.0.0.7', param: 0 },
      { text: ':', param: null },
      { text: '5432', param: 1 },
      { text: ' after ', param: null },
      { text: '3', param: 2 },
      { text: ' tries', param: null },
    ]);
  });

  it('uses the template literals so a parameter equal to an earlier word is placed right', () => {
    const message = 'retry 5 of 5';
    const withoutTemplate = paramSegments(message, ['5']);
    expect(withoutTemplate.find((s) => s.param === 0)).toBeDefined();
    expect(withoutTemplate[0]).toEqual({ text: 'retry ', param: null });

    const anchored = paramSegments(message, ['5'], 'retry 5 of <*>');
    expect(anchored).toEqual([
      { text: 'retry 5 of ', param: null },
      { text: '5', param: 0 },
    ]);
  });

  it('leaves text literal when a parameter is not in the message, and always rebuilds the message', () => {
    const message = 'user alice logged in';
    const segments = paramSegments(message, ['bob', 'alice']);
    expect(segments.filter((s) => s.param !== null)).toEqual([{ text: 'alice', param: 1 }]);
    expect(join(segments)).toBe(message);
  });

  it('falls back to plain search when the template text no longer matches the message', () => {
    const segments = paramSegments('GET /a/b 200', ['/a/b', '200'], 'POST <*> <*>');
    expect(segments.filter((s) => s.param !== null).map((s) => s.text)).toEqual(['/a/b', '200']);
    expect(join(segments)).toBe('GET /a/b 200');
  });

  it('gives one literal segment for a message without parameters', () => {
    expect(paramSegments('started', [])).toEqual([{ text: 'started', param: null }]);
    expect(paramSegments('', [])).toEqual([]);
  });
});
