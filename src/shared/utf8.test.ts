import { describe, expect, it } from 'vitest';
import { utf8Text } from './utf8.js';

describe('utf8Text', () => {
  it("is toString('utf8', start, end): ASCII, multi-byte, invalid and cut sequences, empty ranges", () => {
    const bytes = Buffer.concat([Buffer.from('plain ascii, héllo wörld, 日本語, 😀 '), Buffer.from([0xff, 0xfe, 0x41, 0xe6, 0x97]), Buffer.from(' end')]);
    for (let start = 0; start <= bytes.length; start += 3) {
      for (let end = start; end <= bytes.length; end += 5) expect(utf8Text(bytes, start, end)).toBe(bytes.toString('utf8', start, end));
    }
  });
});
