/**
 * A faster record encoder for kafkajs 2.2.4's produce requests, byte for byte the same.
 *
 * kafkajs encodes every record through one `Encoder` for the record and one per header,
 * each a zero-filled 512-byte Buffer, the record's growing and copying itself past
 * 512 bytes, and its varlong through `Long` objects: with our four-plus headers that
 * was about 17 µs of CPU per record, a sixth of the ingest broker's cost per message
 * (`--cpu-prof` of `npm run bench:ingest`). This one sizes the record first and writes
 * it into one Buffer of exactly that size: about 7 µs.
 *
 * kafkajs has no hook for it. Its produce request (`requests/produce/v3/request.js`,
 * which v4–v7 reuse) requires `recordBatch/record/v0` the first time a producer sends,
 * so `installRecordEncoder()` puts this function in Node's module cache under that
 * path before then (KafkaBus calls it before it creates a producer). When kafkajs'
 * produce request is already loaded it changes nothing and says so. Under jest, whose
 * module registry ignores Node's cache, kafkajs keeps its own encoder; the spec proves
 * the bytes are the same, and the service processes of the chaos suite (real Node, real
 * Kafka, inside `npm test`) run this one.
 */
import Module, { createRequire } from 'node:module';

const load = createRequire(__filename);
const RECORD = 'kafkajs/src/protocol/recordBatch/record/v0';
const PRODUCE = 'kafkajs/src/protocol/requests/produce/v3/request';

interface KafkajsEncoder {
  buf: Buffer;
  offset: number;
  readonly buffer: Buffer;
  writeVarInt(v: number): KafkajsEncoder;
  writeVarLong(v: number): KafkajsEncoder;
  writeInt8(v: number): KafkajsEncoder;
  writeVarIntBytes(v: unknown): KafkajsEncoder;
  writeVarIntString(v: string): KafkajsEncoder;
}
interface EncoderClass {
  new (initialSize?: number): KafkajsEncoder;
  sizeOfVarLong(v: number): number;
}
const Encoder = load('kafkajs/src/protocol/encoder') as EncoderClass;

export interface RecordInput {
  offsetDelta?: number;
  timestampDelta?: number;
  key?: unknown;
  value?: unknown;
  headers?: Record<string, unknown>;
}

function varIntSize(value: number): number {
  let zigzag = (value << 1) ^ (value >> 31);
  let bytes = 1;
  while ((zigzag & 0xffffff80) !== 0) {
    bytes += 1;
    zigzag >>>= 7;
  }
  return bytes;
}

/** As kafkajs' `Encoder.sizeOfVarIntBytes`: null is a length of -1, a non-Buffer is written as its string. */
function bytesSize(value: unknown): number {
  if (value == null) return 1;
  const length = Buffer.isBuffer(value) ? value.length : Buffer.byteLength(String(value));
  return varIntSize(length) + length;
}

/** kafkajs' record v0 (`Length Attributes TimestampDelta OffsetDelta Key Value [Header]`), in one Buffer. */
export function encodeRecord({ offsetDelta = 0, timestampDelta = 0, key, value, headers = {} }: RecordInput): KafkajsEncoder {
  const pairs: unknown[] = [];
  for (const name of Object.keys(headers)) {
    const v = headers[name];
    if (Array.isArray(v)) for (const each of v) pairs.push(name, each);
    else pairs.push(name, v);
  }
  let headerSize = varIntSize(pairs.length / 2);
  for (let i = 0; i < pairs.length; i += 2) {
    const nameLength = Buffer.byteLength(pairs[i] as string);
    headerSize += varIntSize(nameLength) + nameLength + bytesSize(pairs[i + 1]);
  }
  // a varlong and a varint are the same bytes while the zigzag value fits 31 bits
  const smallDelta = Number.isInteger(timestampDelta) && Math.abs(timestampDelta) < 2 ** 30;
  const body =
    1 +
    (smallDelta ? varIntSize(timestampDelta) : Encoder.sizeOfVarLong(timestampDelta)) +
    varIntSize(offsetDelta) +
    bytesSize(key) +
    bytesSize(value) +
    headerSize;
  const encoder = new Encoder(0);
  encoder.buf = Buffer.allocUnsafe(varIntSize(body) + body);
  encoder.writeVarInt(body).writeInt8(0);
  if (smallDelta) encoder.writeVarInt(timestampDelta);
  else encoder.writeVarLong(timestampDelta);
  encoder.writeVarInt(offsetDelta).writeVarIntBytes(key).writeVarIntBytes(value).writeVarInt(pairs.length / 2);
  for (let i = 0; i < pairs.length; i += 2) encoder.writeVarIntString(pairs[i] as string).writeVarIntBytes(pairs[i + 1]);
  return encoder;
}

/** Puts `encodeRecord` where kafkajs' produce request will load its record encoder from; false when too late. */
export function installRecordEncoder(): boolean {
  const path = load.resolve(RECORD);
  const cached = load.cache[path];
  if (cached?.exports === encodeRecord) return true;
  if (load.cache[load.resolve(PRODUCE)]) return false;
  const module = new Module(path);
  module.filename = path;
  module.loaded = true;
  module.exports = encodeRecord;
  load.cache[path] = module;
  return true;
}
