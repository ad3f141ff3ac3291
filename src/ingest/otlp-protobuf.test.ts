import { describe, expect, it } from 'vitest';
import { decodeOtlpLogs } from './otlp.js';
import { decodeOtlpProtobuf, encodeExportLogsResponse } from './otlp-protobuf.js';
import { otlp, pb, type PbField } from './testing.js';

const NANOS = 1_772_355_600_123_456_789n;

describe('decodeOtlpProtobuf', () => {
  it('reads a request encoded by hand from the wire format', () => {
    // resource_logs { scope_logs { log_records { time_unix_nano: 1, body { string_value: "hi" } } } }
    const bytes = Buffer.from('0a131211120f0901000000000000002a040a026869', 'hex');
    expect(decodeOtlpProtobuf(bytes)).toEqual({
      kind: 'decoded',
      request: { resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: '1', body: { stringValue: 'hi' }, attributes: [] }] }] }] },
    });
  });

  it('gives the JSON encoding of every field the mapping reads, skipping unknown ones', () => {
    const record: PbField[] = [
      [1, { fixed64: NANOS }], [11, { fixed64: NANOS + 5n }], [2, { varint: 17 }], [3, { bytes: 'Error' }],
      [5, { message: [[6, { message: [[1, otlp.kv('n', { message: [[3, { varint: -42 }]] })], [1, otlp.kv('ok', { message: [[2, { varint: 1 }]] })]] }]] }],
      [6, otlp.kv('ratio', { message: [[4, { double: 0.25 }]] })], [6, otlp.kv('tags', { message: [[5, { message: [[1, otlp.str('a')], [1, { message: [[7, { bytes: new Uint8Array([1, 2]) }]] }]] }]] })],
      [9, { bytes: Buffer.from('5b8efff798038103d269b633813fc60c', 'hex') }], [10, { bytes: Buffer.from('eee19b7ec3c1b174', 'hex') }],
      [12, { bytes: 'payment.failed' }], [99, { bytes: 'from a newer proto' }], [8, { varint: 1 }],
    ];
    const request = pb([[1, { message: [
      [1, { message: [[1, otlp.kv('service.name', otlp.str('checkout'))], [2, { varint: 0 }]] }],
      [2, { message: [[1, { message: [[1, { bytes: 'lib' }], [2, { bytes: '1.0' }]] }], [2, { message: record }], [3, { bytes: 'https://schema' }]] }],
    ] }]]);
    const decoded = decodeOtlpProtobuf(request);
    expect(decoded).toEqual({
      kind: 'decoded',
      request: {
        resourceLogs: [{
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
          scopeLogs: [{
            scope: { name: 'lib', version: '1.0' },
            logRecords: [{
              timeUnixNano: String(NANOS), observedTimeUnixNano: String(NANOS + 5n), severityNumber: 17, severityText: 'Error',
              body: { kvlistValue: { values: [{ key: 'n', value: { intValue: '-42' } }, { key: 'ok', value: { boolValue: true } }] } },
              attributes: [
                { key: 'ratio', value: { doubleValue: 0.25 } },
                { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { bytesValue: 'AQI=' }] } } },
              ],
              traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', eventName: 'payment.failed',
            }],
          }],
        }],
      },
    });
    if (decoded.kind !== 'decoded') return;
    const mapped = decodeOtlpLogs(decoded.request, { defaultService: 'x', file: 'otlp' });
    expect(mapped.kind === 'decoded' && mapped.records.map((r) => [r.ts, r.service, r.level, r.message])).toEqual([[1_772_355_600_123, 'checkout', 'ERROR', '{"n":-42,"ok":true}']]);
  });

  it('says the body is not protobuf when it is cut short or malformed', () => {
    const full = pb([[1, { message: [[2, { message: [[2, { message: [[3, { bytes: 'abc' }]] }]] }]] }]]);
    for (const broken of [full.subarray(0, full.length - 1), Buffer.from([0x0b]), Buffer.from('{"resourceLogs": []}')]) {
      const out = decodeOtlpProtobuf(broken);
      expect(out.kind).toBe('invalid');
      if (out.kind === 'invalid') expect(out.reason).toMatch(/^the body is not a valid OTLP protobuf message \(.+\)$/);
    }
  });
});

describe('encodeExportLogsResponse', () => {
  it('is empty on full success and carries the partial success otherwise', () => {
    expect(encodeExportLogsResponse(null)).toHaveLength(0);
    const bytes = encodeExportLogsResponse({ rejectedLogRecords: 300, errorMessage: 'é' });
    expect(Buffer.from(bytes).toString('hex')).toBe('0a07' + '08ac02' + '1202c3a9');
  });
});
