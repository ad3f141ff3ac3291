import { describe, expect, it } from 'vitest';
import type { StoredLog } from '../domain/index.js';
import { resumeAfter, sseEvent, tailMatcher } from './tail.js';

const log = (over: Partial<StoredLog>): StoredLog => ({
  id: 1, ts: 0, service: 'api', level: 'INFO', message: 'hello', attrs: {}, source: { file: 'f', line: 1, offset: 0 },
  templateId: null, params: [], ...over,
});

describe('tailMatcher', () => {
  it('keeps records of the service, at the level or worse, containing the text (case-insensitive)', () => {
    const wants = tailMatcher({ service: 'api', level: 'WARN', grep: 'Timeout' });
    expect(wants(log({ level: 'ERROR', message: 'upstream timeout' }))).toBe(true);
    expect(wants(log({ level: 'INFO', message: 'upstream timeout' }))).toBe(false);
    expect(wants(log({ level: 'ERROR', message: 'upstream refused' }))).toBe(false);
    expect(wants(log({ level: 'ERROR', message: 'timeout', service: 'db' }))).toBe(false);
  });

  it('keeps everything without a filter', () => {
    expect(tailMatcher({})(log({ level: 'TRACE' }))).toBe(true);
  });
});

describe('resumeAfter', () => {
  it('starts at the newest record for a new client', () => {
    expect(resumeAfter({ lastEventId: undefined, maxId: 500, maxLagRows: 100 })).toBe(500);
  });

  it('resumes after the last event a reconnecting client saw', () => {
    expect(resumeAfter({ lastEventId: '450', maxId: 500, maxLagRows: 100 })).toBe(450);
  });

  it('skips ahead when the client is too far behind, and ignores ids from the future or garbage', () => {
    expect(resumeAfter({ lastEventId: '10', maxId: 500, maxLagRows: 100 })).toBe(400);
    expect(resumeAfter({ lastEventId: '900', maxId: 500, maxLagRows: 100 })).toBe(500);
    expect(resumeAfter({ lastEventId: 'abc', maxId: 500, maxLagRows: 100 })).toBe(500);
  });
});

describe('sseEvent', () => {
  it('writes id, event and one JSON data line, ended by a blank line', () => {
    expect(sseEvent('log', { a: 'x\ny' }, 7)).toBe('id: 7\nevent: log\ndata: {"a":"x\\ny"}\n\n');
    expect(sseEvent('ready', {})).toBe('event: ready\ndata: {}\n\n');
  });
});
