import { describe, expect, it } from 'vitest';
import { pgText } from './pg-text.js';

describe('pgText', () => {
  it('replaces every NUL and leaves other text alone', () => {
    expect(pgText('\0a\0')).toBe('\uFFFDa\uFFFD');
    expect(pgText('plain ünï 🚀')).toBe('plain ünï 🚀');
  });
});
