import { describe, expect, it } from 'vitest';
import type { DecodedBody } from './decoded.js';
import { attributesOf, decodeOtlpLogs, levelOfSeverityNumber, nanosToMs, plainValue } from './otlp.js';

const opts = { defaultService: 'otel', file: 'otlp' };

function decoded(body: DecodedBody) {
  if (body.kind !== 'decoded') throw new Error(`invalid: ${body.reason}`);
  return body;
}

describe('levelOfSeverityNumber', () => {
  it("follows OTel's ranges of four, as numbers or enum names", () => {
    const levels = Array.from({ length: 24 }, (_, i) => levelOfSeverityNumber(i + 1));
    expect(levels).toEqual(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((l) => [l, l, l, l]));
    expect(levelOfSeverityNumber('SEVERITY_NUMBER_WARN3')).toBe('WARN');
    expect(levelOfSeverityNumber('SEVERITY_NUMBER_ERROR')).toBe('ERROR');
    expect(levelOfSeverityNumber('13')).toBe('WARN');
  });

  it('leaves unset and unknown values to the severity text', () => {
    for (const v of [0, 25, -1, 2.5, 'SEVERITY_NUMBER_UNSPECIFIED', 'loud', undefined, null]) expect(levelOfSeverityNumber(v)).toBeUndefined();
  });
});

describe('nanosToMs', () => {
  it('reads decimal strings exactly (beyond 2^53) and numbers', () => {
    expect(nanosToMs('1772359200123456789')).toBe(1772359200123);
    expect(nanosToMs(1772359200123456789)).toBe(1772359200123);
  });

  it('treats 0 and absence as unset, anything else as invalid', () => {
    for (const v of [undefined, null, 0, '0', '']) expect(nanosToMs(v)).toBeNull();
    for (const v of ['12abc', '-5', -5, true, {}]) expect(nanosToMs(v)).toBe('invalid');
  });
});

describe('plainValue and attributesOf', () => {
  it('turn AnyValue trees into plain JSON', () => {
    const value = {
      kvlistValue: {
        values: [
          { key: 's', value: { stringValue: 'x' } }, { key: 'b', value: { boolValue: false } }, { key: 'i', value: { intValue: '9007199254740993' } },
          { key: 'n', value: { intValue: 12 } }, { key: 'd', value: { doubleValue: 0.5 } }, { key: 'bytes', value: { bytesValue: 'AQI=' } },
          { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, {}] } } },
        ],
      },
    };
    expect(plainValue(value)).toEqual({ s: 'x', b: false, i: '9007199254740993', n: 12, d: 0.5, bytes: 'AQI=', list: ['a', null] });
    expect(attributesOf([{ key: 'k', value: { stringValue: 'v' } }, { nokey: 1 }, 'junk'])).toEqual({ k: 'v' });
  });
});

describe('decodeOtlpLogs', () => {
  const at = (s: number) => String(BigInt(Date.UTC(2026, 2, 1, 8, 0, s)) * 1_000_000n);

  it('maps records across resources and scopes, with the resource service and host', () => {
    const request = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }, { key: 'host.name', value: { stringValue: 'node-1' } }] },
          scopeLogs: [
            { logRecords: [{ timeUnixNano: at(1), severityText: 'WARNING', body: { stringValue: 'slow' }, attributes: [{ key: 'user.name', value: { stringValue: 'kim' } }] }] },
            { logRecords: [{ observedTimeUnixNano: at(2), body: { stringValue: 'request failed: timeout' } }] },
          ],
        },
        { scopeLogs: [{ logRecords: [{ timeUnixNano: at(3), severityNumber: 9, attributes: [{ key: 'k', value: { intValue: 1 } }], spanId: 'abcd' }] }] },
      ],
    };
    const { records, rejects } = decoded(decodeOtlpLogs(request, opts));
    expect(rejects).toEqual([]);
    expect(records.map((r) => [r.ts % 60_000, r.service, r.host ?? null, r.user ?? null, r.level, r.rawLevel ?? null, r.message, r.source.line])).toEqual([
      [1000, 'api', 'node-1', 'kim', 'WARN', 'WARNING', 'slow', 1],
      [2000, 'api', 'node-1', null, 'ERROR', null, 'request failed: timeout', 2],
      [3000, 'otel', null, null, 'INFO', '9', '{"k":1,"spanId":"abcd"}', 3],
    ]);
  });

  it('rejects records it cannot map, and refuses a request of the wrong shape', () => {
    const request = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: 'soon' }, 7, { body: { stringValue: 'timeless' } }] }] }] };
    const { records, rejects } = decoded(decodeOtlpLogs(request, opts));
    expect(records).toEqual([]);
    expect(rejects.map((r) => [r.index, r.reject.reason])).toEqual([[0, 'invalid timestamp'], [1, 'not a log record object'], [2, 'missing timestamp']]);
    expect(decodeOtlpLogs([], opts)).toEqual({ kind: 'invalid', reason: 'the body must be an OTLP ExportLogsServiceRequest object' });
    expect(decodeOtlpLogs({ resourceLogs: {} }, opts)).toEqual({ kind: 'invalid', reason: 'resourceLogs must be a list' });
    expect(decoded(decodeOtlpLogs({}, opts)).records).toEqual([]);
  });
});
