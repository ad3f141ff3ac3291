import { describe, expect, it } from 'vitest';
import { packEvents, unpackEvents } from './packed-events.js';
import { HDFS_BLOCK_SESSION, SERVICE_SESSION, type SessionKey } from './sessions.js';
import { streamedEvent } from './streams.js';
import { sessionOf } from './sessions.js';
import type { MlRecord } from './types.js';

const records: MlRecord[] = [
  { ts: 1000, service: 'dfs', level: 'INFO', templateId: 3, params: ['blk_1', '10.0.0.1'], message: 'Receiving blk_1 from 10.0.0.1' },
  { ts: 1500, service: 'dfs', level: 'WARN', templateId: 7, params: [], message: 'disk slow' },
  { ts: 2000, service: 'api', level: 'ERROR', templateId: 3, params: ['blk_-2', ''], message: 'Receiving blk_-2 from ' },
  { ts: 2500, service: 'api', level: 'INFO', templateId: 9, params: ['x'], message: 'user x', user: 'x', attrs: { req: 42 } },
];

describe('packed events', () => {
  const keys: SessionKey[] = [SERVICE_SESSION, HDFS_BLOCK_SESSION, { kind: 'field', field: 'req' }];
  for (const key of keys) {
    it(`unpack to the streamed events of the records (session key ${key.kind})`, () => {
      const of = key.kind === 'service' ? null : sessionOf(key);
      const packed = structuredClone(packEvents(records, records.map((r) => r.templateId), key));
      expect([...unpackEvents(packed)]).toEqual(records.map((r) => streamedEvent(r, of)));
    });
  }

  it('carry the template ids given apart', () => {
    const packed = packEvents(records, [30, 70, 30, 90], SERVICE_SESSION);
    expect([...unpackEvents(packed)].map((e) => e.event.templateId)).toEqual([30, 70, 30, 90]);
  });

  it('store each distinct string once', () => {
    const packed = packEvents(records, records.map((r) => r.templateId), SERVICE_SESSION);
    expect(new Set(packed.strings).size).toBe(packed.strings.length);
    expect(packed.strings).toEqual(expect.arrayContaining(['dfs', 'api', 'INFO', 'service:dfs', 'service:api']));
  });
});
