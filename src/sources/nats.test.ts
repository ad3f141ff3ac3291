import { describe, expect, it } from 'vitest';
import { newMessages } from './nats.js';

describe('newMessages', () => {
  it('keeps the sequences past the checkpoint, in order, each once', () => {
    const held = [{ seq: 7 }, { seq: 3 }, { seq: 9 }, { seq: 7 }, { seq: 5 }, { seq: 8 }];
    expect(newMessages(held, 5).map((m) => m.seq)).toEqual([7, 8, 9]);
    expect(newMessages(held, 9)).toEqual([]);
    expect(newMessages(held, 0).map((m) => m.seq)).toEqual([3, 5, 7, 8, 9]);
  });
});
