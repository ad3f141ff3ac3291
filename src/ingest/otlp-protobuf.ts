/**
 * OTLP logs in the protobuf encoding (what exporters send by default, `http/protobuf`) → the same
 * object the JSON encoding parses to, so one mapping (otlp.ts) serves both. Only the messages of an
 * ExportLogsServiceRequest are read (field numbers from opentelemetry-proto's logs.proto, common.proto
 * and resource.proto); unknown fields are skipped, as protobuf requires. As in the JSON mapping, 64-bit
 * integers become decimal strings, trace and span ids hex, and bytes base64.
 */

type Json = Record<string, unknown>;

export type ProtobufOutcome = { kind: 'decoded'; request: Json } | { kind: 'invalid'; reason: string };

export function decodeOtlpProtobuf(bytes: Uint8Array): ProtobufOutcome {
  try {
    return { kind: 'decoded', request: exportLogsRequest(bytes) };
  } catch (err) {
    if (err instanceof WireError) return { kind: 'invalid', reason: `the body is not a valid OTLP protobuf message (${err.message})` };
    throw err;
  }
}

class WireError extends Error {}

/** A field as read off the wire: a varint, or the bytes of a length-delimited, fixed64 or fixed32 field. */
type Field = { no: number; varint: bigint } | { no: number; bytes: Uint8Array };

function* fields(buf: Uint8Array): Generator<Field> {
  let at = 0;
  const varint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (at >= buf.length) throw new WireError('a number is cut short');
      const b = buf[at++]!;
      value |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, value);
    }
    throw new WireError('a number is longer than 10 bytes');
  };
  const take = (n: number): Uint8Array => {
    if (n < 0 || at + n > buf.length) throw new WireError('a field runs past the end of its message');
    const out = buf.subarray(at, at + n);
    at += n;
    return out;
  };
  while (at < buf.length) {
    const key = Number(varint());
    const no = key >>> 3;
    const wire = key & 7;
    if (no === 0) throw new WireError('field number 0');
    if (wire === 0) yield { no, varint: varint() };
    else if (wire === 1) yield { no, bytes: take(8) };
    else if (wire === 2) yield { no, bytes: take(Number(varint())) };
    else if (wire === 5) yield { no, bytes: take(4) };
    else throw new WireError(`unsupported wire type ${wire}`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const text = (f: Field) => ('bytes' in f ? utf8.decode(f.bytes) : '');
const bytesOf = (f: Field) => ('bytes' in f ? f.bytes : new Uint8Array());
const numberOf = (f: Field) => ('varint' in f ? Number(BigInt.asIntN(64, f.varint)) : 0);
const fixed64 = (f: Field) => ('bytes' in f && f.bytes.length === 8 ? new DataView(f.bytes.buffer, f.bytes.byteOffset, 8).getBigUint64(0, true).toString() : '0');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function exportLogsRequest(buf: Uint8Array): Json {
  const resourceLogs: Json[] = [];
  for (const f of fields(buf)) if (f.no === 1) resourceLogs.push(resourceLogsOf(bytesOf(f)));
  return { resourceLogs };
}

function resourceLogsOf(buf: Uint8Array): Json {
  const out: Json = {};
  const scopeLogs: Json[] = [];
  for (const f of fields(buf)) {
    if (f.no === 1) out.resource = { attributes: keyValuesOf(bytesOf(f), 1) };
    else if (f.no === 2) scopeLogs.push(scopeLogsOf(bytesOf(f)));
  }
  return { ...out, scopeLogs };
}

function scopeLogsOf(buf: Uint8Array): Json {
  const out: Json = {};
  const logRecords: Json[] = [];
  for (const f of fields(buf)) {
    if (f.no === 1) out.scope = scopeOf(bytesOf(f));
    else if (f.no === 2) logRecords.push(logRecordOf(bytesOf(f)));
  }
  return { ...out, logRecords };
}

function scopeOf(buf: Uint8Array): Json {
  const out: Json = {};
  for (const f of fields(buf)) {
    if (f.no === 1) out.name = text(f);
    else if (f.no === 2) out.version = text(f);
  }
  return out;
}

function logRecordOf(buf: Uint8Array): Json {
  const out: Json = {};
  const attributes: Json[] = [];
  for (const f of fields(buf)) {
    switch (f.no) {
      case 1: out.timeUnixNano = fixed64(f); break;
      case 11: out.observedTimeUnixNano = fixed64(f); break;
      case 2: out.severityNumber = numberOf(f); break;
      case 3: out.severityText = text(f); break;
      case 5: out.body = anyValueOf(bytesOf(f)); break;
      case 6: attributes.push(keyValueOf(bytesOf(f))); break;
      case 9: out.traceId = hex(bytesOf(f)); break;
      case 10: out.spanId = hex(bytesOf(f)); break;
      case 12: out.eventName = text(f); break;
    }
  }
  return { ...out, attributes };
}

/** The repeated KeyValue field `no` of a message. */
function keyValuesOf(buf: Uint8Array, no: number): Json[] {
  const out: Json[] = [];
  for (const f of fields(buf)) if (f.no === no) out.push(keyValueOf(bytesOf(f)));
  return out;
}

function keyValueOf(buf: Uint8Array): Json {
  const out: Json = { key: '' };
  for (const f of fields(buf)) {
    if (f.no === 1) out.key = text(f);
    else if (f.no === 2) out.value = anyValueOf(bytesOf(f));
  }
  return out;
}

function anyValueOf(buf: Uint8Array): Json {
  let out: Json = {};
  for (const f of fields(buf)) {
    switch (f.no) {
      case 1: out = { stringValue: text(f) }; break;
      case 2: out = { boolValue: 'varint' in f && f.varint !== 0n }; break;
      case 3: out = { intValue: 'varint' in f ? BigInt.asIntN(64, f.varint).toString() : '0' }; break;
      case 4: out = { doubleValue: 'bytes' in f && f.bytes.length === 8 ? new DataView(f.bytes.buffer, f.bytes.byteOffset, 8).getFloat64(0, true) : 0 }; break;
      case 5: out = { arrayValue: { values: anyValuesOf(bytesOf(f)) } }; break;
      case 6: out = { kvlistValue: { values: keyValuesOf(bytesOf(f), 1) } }; break;
      case 7: out = { bytesValue: Buffer.from(bytesOf(f)).toString('base64') }; break;
    }
  }
  return out;
}

function anyValuesOf(buf: Uint8Array): Json[] {
  const out: Json[] = [];
  for (const f of fields(buf)) if (f.no === 1) out.push(anyValueOf(bytesOf(f)));
  return out;
}

/** An ExportLogsServiceResponse: empty on full success, else partial_success { rejected_log_records, error_message }. */
export function encodeExportLogsResponse(partial: { rejectedLogRecords: number; errorMessage: string } | null): Uint8Array {
  if (partial === null) return new Uint8Array();
  const message = Buffer.from(partial.errorMessage, 'utf8');
  const inner = Buffer.concat([Buffer.from([0x08]), varintBytes(partial.rejectedLogRecords), Buffer.from([0x12]), varintBytes(message.length), message]);
  return Buffer.concat([Buffer.from([0x0a]), varintBytes(inner.length), inner]);
}

function varintBytes(n: number): Buffer {
  const out: number[] = [];
  for (let v = n; ; v = Math.floor(v / 128)) {
    if (v < 128) {
      out.push(v);
      return Buffer.from(out);
    }
    out.push((v % 128) | 0x80);
  }
}
