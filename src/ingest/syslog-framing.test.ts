import { describe, expect, it } from 'vitest';
import { SyslogFramer, type Frame } from './syslog-framing.js';

const A = '<34>1 2026-03-01T12:00:00Z host app - - - first message';
const B = '<13>Mar  1 12:00:01 host sshd[42]: second message';
const counted = (text: string) => `${Buffer.byteLength(text)} ${text}`;
const texts = (frames: Frame[]) => frames.map((f) => (f.kind === 'message' ? f.text : `!${f.reason}: ${f.head}`));

/** Feed `stream` in pieces of `size` bytes and collect every frame. */
function frame(stream: string, size: number, max?: number): Frame[] {
  const framer = new SyslogFramer(max);
  const bytes = Buffer.from(stream);
  const out: Frame[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(...framer.push(bytes.subarray(i, i + size)));
  out.push(...framer.end());
  return out;
}

describe('SyslogFramer', () => {
  it('splits newline-framed messages, dropping CR and blank lines', () => {
    expect(texts(frame(`${A}\r\n\n${B}\n`, 1000))).toEqual([A, B]);
  });

  it('reads octet-counted messages, which may hold newlines', () => {
    const multi = `${A}\n  continued`;
    expect(texts(frame(counted(multi) + counted(B), 1000))).toEqual([multi, B]);
  });

  it('gives the same frames whatever the chunk boundaries, with mixed framing', () => {
    const stream = `${counted(A)}${B}\n${counted('<14>1 - - - - - - ünïcödé ✓')}${A}\n`;
    const whole = texts(frame(stream, stream.length));
    expect(whole).toEqual([A, B, '<14>1 - - - - - - ünïcödé ✓', A]);
    for (const size of [1, 2, 3, 7, 13]) expect(texts(frame(stream, size))).toEqual(whole);
  });

  it('tells the byte offset of each message in the stream', () => {
    const stream = `${A}\n${counted(B)}`;
    expect(frame(stream, 5).map((f) => f.offset)).toEqual([0, A.length + 1]);
  });

  it('treats digits without a following space as the start of a newline-framed message', () => {
    const isoNoPri = '2026-03-01T12:00:00Z host app: hello';
    expect(texts(frame(`${isoNoPri}\n`, 4))).toEqual([isoNoPri]);
  });

  it('keeps an unterminated last message at the end of the stream, and breaks a cut octet-counted one', () => {
    expect(texts(frame(A, 8))).toEqual([A]);
    expect(texts(frame(`100 ${A}`, 8))).toEqual([`!truncated message: ${A}`]);
  });

  it('skips messages over the limit, keeping their head, and carries on with the next', () => {
    const long = `<34>${'x'.repeat(100)}`;
    const tooLong = expect.stringMatching(/^!message too long: <34>x+$/);
    for (const stream of [`${counted(long)}${counted(B)}`, `${long}\n${B}\n`]) {
      for (const size of [9, 1000]) expect(texts(frame(stream, size, 64))).toEqual([tooLong, B]);
    }
  });
});
