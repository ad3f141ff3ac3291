/**
 * Test helpers: a minimal protobuf writer, to build OTLP requests the way exporters encode them
 * (tag = field number << 3 | wire type; varints little-endian base 128; fixed64 little-endian).
 */
export type PbField = [no: number, value: PbValue];
export type PbValue = { varint: bigint | number } | { fixed64: bigint } | { double: number } | { bytes: Uint8Array | string } | { message: PbField[] };

export function pb(fields: PbField[]): Buffer {
  return Buffer.concat(fields.map(([no, value]) => field(no, value)));
}

function field(no: number, value: PbValue): Buffer {
  if ('varint' in value) return Buffer.concat([varint(BigInt(no << 3)), varint(BigInt.asUintN(64, BigInt(value.varint)))]);
  if ('fixed64' in value) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(value.fixed64);
    return Buffer.concat([varint(BigInt((no << 3) | 1)), b]);
  }
  if ('double' in value) {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value.double);
    return Buffer.concat([varint(BigInt((no << 3) | 1)), b]);
  }
  const payload = 'message' in value ? pb(value.message) : Buffer.from(value.bytes);
  return Buffer.concat([varint(BigInt((no << 3) | 2)), varint(BigInt(payload.length)), payload]);
}

function varint(n: bigint): Buffer {
  const out: number[] = [];
  for (let v = n; ; v >>= 7n) {
    if (v < 128n) {
      out.push(Number(v));
      return Buffer.from(out);
    }
    out.push(Number(v & 0x7fn) | 0x80);
  }
}

/** Shorthands for OTLP messages. */
export const otlp = {
  str: (s: string): PbValue => ({ message: [[1, { bytes: s }]] }),
  kv: (key: string, value: PbValue): PbValue => ({ message: [[1, { bytes: key }], [2, value]] }),
};
