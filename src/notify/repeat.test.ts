import { describe, expect, it } from 'vitest';
import { shouldNotify } from './repeat.js';

const HOUR = 3_600_000;

describe('shouldNotify', () => {
  it('sends when the channel never delivered the incident', () => {
    expect(shouldNotify(null, 1_000, HOUR)).toEqual({ kind: 'send' });
  });

  it('skips within the repeat interval of the last successful delivery, and says until when', () => {
    expect(shouldNotify({ sentAt: 10_000, createdAt: 9_000 }, 10_000 + HOUR - 1, HOUR)).toEqual({ kind: 'skip', lastSentAt: 10_000, nextAt: 10_000 + HOUR });
  });

  it('sends again once the interval has passed', () => {
    expect(shouldNotify({ sentAt: 10_000, createdAt: 9_000 }, 10_000 + HOUR, HOUR)).toEqual({ kind: 'send' });
  });

  it('falls back to the creation time when the send time is unknown', () => {
    expect(shouldNotify({ sentAt: null, createdAt: 5_000 }, 6_000, HOUR)).toMatchObject({ kind: 'skip', nextAt: 5_000 + HOUR });
  });

  it('never skips with a zero interval', () => {
    expect(shouldNotify({ sentAt: 10_000, createdAt: 10_000 }, 10_000, 0)).toEqual({ kind: 'send' });
  });
});
