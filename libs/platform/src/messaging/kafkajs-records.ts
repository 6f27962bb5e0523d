/**
 * Faster record and record-batch encoders for kafkajs 2.2.4's produce requests, byte for
 * byte the same.
 *
 * kafkajs encodes every record through one `Encoder` for the record and one per header,
 * each a zero-filled 512-byte Buffer, the record's growing and copying itself past
 * 512 bytes, and its varlong through `Long` objects: with our four-plus headers that
 * was about 17 µs of CPU per record, a sixth of the ingest broker's cost per message
 * (`--cpu-prof` of `npm run bench:ingest`). This one sizes the record first and writes
 * it into one Buffer of exactly that size, varints written in place (kafkajs makes a
 * Buffer of each from an array): about 7 µs, then less. The batch around the records is
 * written the same way (`encodeRecordBatch`), its CRC-32C eight bytes a step.
 *
 * kafkajs has no hook for it. Its produce request (`requests/produce/v3/request.js`,
 * which v4–v7 reuse) requires `recordBatch/record/v0` the first time a producer sends,
 * so `installRecordEncoder()` puts this function in Node's module cache under that
 * path, and the batch encoder into the export of `recordBatch/v0`, before then (KafkaBus calls it before it creates a producer). When kafkajs'
 * produce request is already loaded it changes nothing and says so. Under jest, whose
 * module registry ignores Node's cache, kafkajs keeps its own encoder; the spec proves
 * the bytes are the same, and the service processes of the chaos suite (real Node, real
 * Kafka, inside `npm test`) run this one.
 */
import Module, { createRequire } from 'node:module';
import { crc32c } from './crc32c';

const load = createRequire(__filename);
const RECORD = 'kafkajs/src/protocol/recordBatch/record/v0';
const BATCH = 'kafkajs/src/protocol/recordBatch/v0';
const PRODUCE = 'kafkajs/src/protocol/requests/produce/v3/request';
const MAGIC_BYTE = 2;
const TRANSACTIONAL_MASK = 16;

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
const Long = load('kafkajs/src/utils/long') as { fromValue(v: unknown): { getHighBits(): number; getLowBits(): number } };
/** kafkajs' own batch encoder, loaded before `installRecordEncoder` replaces its export (compressed batches still use it) */
const kafkajsBatch = load(BATCH) as { RecordBatch(input: RecordBatchInput): Promise<KafkajsEncoder>; MAGIC_BYTE: number };

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

/** Writes `value` as a zigzag varint at `at`; returns the offset after it. */
function putVarInt(buf: Buffer, at: number, value: number): number {
  let zigzag = ((value << 1) ^ (value >> 31)) >>> 0;
  while (zigzag > 0x7f) {
    buf[at++] = (zigzag & 0x7f) | 0x80;
    zigzag >>>= 7;
  }
  buf[at++] = zigzag;
  return at;
}

/** As kafkajs' `writeVarIntBytes`: a length (-1 for null), then the bytes or the value's string in UTF-8. */
function putBytes(buf: Buffer, at: number, value: unknown): number {
  if (value == null) return putVarInt(buf, at, -1);
  if (Buffer.isBuffer(value)) {
    at = putVarInt(buf, at, value.length);
    value.copy(buf, at);
    return at + value.length;
  }
  const text = String(value);
  const length = Buffer.byteLength(text);
  at = putVarInt(buf, at, length);
  return at + buf.write(text, at, length, 'utf8');
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
  const delta = smallDelta ? null : new Encoder(10).writeVarLong(timestampDelta).buffer;
  const body = 1 + (delta ? delta.length : varIntSize(timestampDelta)) + varIntSize(offsetDelta) + bytesSize(key) + bytesSize(value) + headerSize;
  const buf = Buffer.allocUnsafe(varIntSize(body) + body);
  let at = putVarInt(buf, 0, body);
  buf[at++] = 0;
  if (delta) at += delta.copy(buf, at);
  else at = putVarInt(buf, at, timestampDelta);
  at = putBytes(buf, putBytes(buf, putVarInt(buf, at, offsetDelta), key), value);
  at = putVarInt(buf, at, pairs.length / 2);
  for (let i = 0; i < pairs.length; i += 2) at = putBytes(buf, putBytes(buf, at, pairs[i]), pairs[i + 1]);
  return wrap(buf);
}

/** A kafkajs Encoder over `buf`, written to its end. */
function wrap(buf: Buffer): KafkajsEncoder {
  const encoder = new Encoder(0);
  encoder.buf = buf;
  encoder.offset = buf.length;
  return encoder;
}

function putInt64(buf: Buffer, at: number, value: unknown): number {
  const long = Long.fromValue(value);
  buf.writeInt32BE(long.getHighBits(), at);
  buf.writeInt32BE(long.getLowBits(), at + 4);
  return at + 8;
}

export interface RecordBatchInput {
  compression?: number;
  firstOffset?: unknown;
  firstTimestamp?: unknown;
  maxTimestamp?: unknown;
  partitionLeaderEpoch?: number;
  lastOffsetDelta?: number;
  transactional?: boolean;
  producerId?: unknown;
  producerEpoch?: number;
  firstSequence?: number;
  records?: KafkajsEncoder[];
}

/** the batch's fixed part after its length: leader epoch, magic, CRC, then (CRC'd) attributes … record count */
const BATCH_HEAD = 4 + 1 + 4 + 2 + 4 + 8 + 8 + 8 + 2 + 4 + 4;

/**
 * kafkajs' record batch v0 (`FirstOffset Length PartitionLeaderEpoch Magic CRC Attributes
 * LastOffsetDelta FirstTimestamp MaxTimestamp ProducerId ProducerEpoch FirstSequence [Record]`)
 * in one Buffer, its CRC-32C eight bytes a step. kafkajs copies the records into an encoder
 * that grows by doubling into zero-filled Buffers, then the whole batch twice more, and sums
 * the CRC a byte at a time. Compressed batches are left to kafkajs.
 */
export async function encodeRecordBatch(input: RecordBatchInput): Promise<KafkajsEncoder> {
  const { compression = 0, records = [] } = input;
  if (compression !== 0) return kafkajsBatch.RecordBatch(input);
  const now = Date.now();
  let recordBytes = 0;
  for (const r of records) recordBytes += r.offset;
  const length = BATCH_HEAD + recordBytes;
  const buf = Buffer.allocUnsafe(8 + 4 + length);
  let at = putInt64(buf, 0, input.firstOffset ?? 0);
  buf.writeInt32BE(length, at);
  buf.writeInt32BE(input.partitionLeaderEpoch ?? 0, at + 4);
  buf[at + 8] = MAGIC_BYTE;
  const crcAt = at + 9;
  const bodyAt = crcAt + 4;
  at = buf.writeInt16BE(input.transactional ? TRANSACTIONAL_MASK : 0, bodyAt);
  at = buf.writeInt32BE(input.lastOffsetDelta ?? 0, at);
  at = putInt64(buf, at, input.firstTimestamp ?? now);
  at = putInt64(buf, at, input.maxTimestamp ?? now);
  at = putInt64(buf, at, input.producerId ?? -1);
  at = buf.writeInt16BE(input.producerEpoch ?? 0, at);
  at = buf.writeInt32BE(input.firstSequence ?? 0, at);
  at = buf.writeInt32BE(records.length, at);
  for (const r of records) at += r.buf.copy(buf, at, 0, r.offset);
  buf.writeUInt32BE(crc32c(buf, bodyAt, at), crcAt);
  return wrap(buf);
}

/**
 * Puts `encodeRecord` and `encodeRecordBatch` where kafkajs' produce request will load its
 * record and batch encoders from; false when too late (the request already loaded).
 */
export function installRecordEncoder(): boolean {
  const path = load.resolve(RECORD);
  const batch = load.cache[load.resolve(BATCH)];
  if (load.cache[path]?.exports === encodeRecord && batch?.exports.RecordBatch === encodeRecordBatch) return true;
  if (load.cache[load.resolve(PRODUCE)] || !batch) return false;
  const module = new Module(path);
  module.filename = path;
  module.loaded = true;
  module.exports = encodeRecord;
  load.cache[path] = module;
  batch.exports = { ...kafkajsBatch, RecordBatch: encodeRecordBatch };
  return true;
}
