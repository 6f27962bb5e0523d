import { execFileSync } from 'node:child_process';
import { crc32c } from './crc32c';
import { encodeRecord, encodeRecordBatch, type RecordBatchInput, type RecordInput } from './kafkajs-records';

// jest's own registry: kafkajs as it ships, with its own record encoder
type Encoded = { buffer: Buffer };
const kafkajsRecord = jest.requireActual<(input: RecordInput) => Encoded>('kafkajs/src/protocol/recordBatch/record/v0');
type ProduceRequest = (args: Record<string, unknown>) => { encode(): Promise<Encoded> };
const kafkajsBatch = jest.requireActual<{ RecordBatch(input: RecordBatchInput): Promise<Encoded> }>('kafkajs/src/protocol/recordBatch/v0');
const kafkajsCrc = jest.requireActual<(b: Buffer) => number>('kafkajs/src/protocol/recordBatch/crc32C');
const kafkajsProduce = jest.requireActual<ProduceRequest>('kafkajs/src/protocol/requests/produce/v3/request');

const HEADERS = {
  'correlation-id': 'c0ffee00-1234-4abc-8def-0123456789ab',
  schema: 'telemetry.machine.reported.v1',
  producer: 'ingest-broker',
  'source-topic': 'tsunagu/v1/devices/exc-1/telemetry',
  'source-partition': '0',
  'source-offset': '12345',
};

const cases: Array<[string, RecordInput]> = [
  ['a reading with the four-plus headers', { offsetDelta: 3, timestampDelta: 12, key: Buffer.from('exc-1'), value: Buffer.from('{"seq":1}'), headers: HEADERS }],
  ['no headers, no key', { offsetDelta: 0, timestampDelta: 0, key: null, value: Buffer.from('x') }],
  ['string key and value, an array header, a Buffer header', { offsetDelta: 64, timestampDelta: 63, key: 'k', value: 'v', headers: { b: ['1', '2'], c: Buffer.from([0, 1, 2]) } }],
  ['a null value (tombstone)', { offsetDelta: 1, key: Buffer.from('k'), value: null }],
  ['unicode header names and values', { offsetDelta: 9, key: 'キー', value: '値', headers: { 'ヘッダ': '値です', é: 'ü' } }],
  ['large deltas and offsets', { offsetDelta: 70_000, timestampDelta: 2 ** 31 + 5, key: Buffer.alloc(300, 1), value: Buffer.alloc(70_000, 2), headers: HEADERS }],
  ['a negative timestamp delta', { offsetDelta: 2, timestampDelta: -1500, key: 'k', value: 'v' }],
  ['a delta just at the varint/varlong boundary', { offsetDelta: 5, timestampDelta: 2 ** 30, key: 'k', value: 'v' }],
];

describe('encodeRecord (kafkajs record v0 in one Buffer)', () => {
  it.each(cases)('writes the same bytes as kafkajs: %s', (_name, input) => {
    expect(encodeRecord(input).buffer.equals(kafkajsRecord(input).buffer)).toBe(true);
  });

  it('sums the same CRC-32C as kafkajs for every length and alignment', () => {
    const bytes = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 131 + 7) & 0xff));
    for (let n = 0; n <= 300; n++) expect(crc32c(bytes.subarray(n % 9, n % 9 + n))).toBe(kafkajsCrc(bytes.subarray(n % 9, n % 9 + n)));
    expect(crc32c(Buffer.from('123456789')).toString(16)).toBe('e3069283');
  });

  const batches: Array<[string, RecordBatchInput]> = [
    ['an idempotent batch of readings', { firstTimestamp: '1764403200000', maxTimestamp: '1764403200049', producerId: 4711, producerEpoch: 3, firstSequence: 120, lastOffsetDelta: 7 }],
    ['defaults (no producer id, timestamps now)', { lastOffsetDelta: 7 }],
    ['a transactional batch', { firstTimestamp: 1_764_403_200_000, maxTimestamp: 1_764_403_200_000, producerId: 9, transactional: true, lastOffsetDelta: 7 }],
  ];
  it.each(batches)('writes the same record batch as kafkajs: %s', async (_name, input) => {
    const records = Array.from({ length: 8 }, (_, i) => ({ offsetDelta: i, timestampDelta: i, key: `exc-${i}`, value: JSON.stringify({ seq: i }), headers: HEADERS }));
    jest.useFakeTimers({ now: 1_764_403_200_000 });
    try {
      const ours = await encodeRecordBatch({ ...input, records: records.map(encodeRecord) });
      const theirs = await kafkajsBatch.RecordBatch({ ...input, records: records.map(kafkajsRecord) as never });
      expect(ours.buffer.toString('hex')).toBe(theirs.buffer.toString('hex'));
    } finally {
      jest.useRealTimers();
    }
  });

  it('makes the produce requests of a real Node process the same bytes once installed', async () => {
    // jest's registry ignores Node's module cache: a service process is plain Node, so ask one
    const messages = Array.from({ length: 50 }, (_, i) => ({ key: `exc-${i % 7}`, value: JSON.stringify({ seq: i }), headers: HEADERS, timestamp: String(1_764_403_200_000 + i) }));
    const args = { acks: -1, timeout: 30_000, topicData: [{ topic: 'telemetry.machine.reported.v1', partitions: [{ partition: 0, firstSequence: 0, messages }] }] };
    const script = `
      const { installRecordEncoder, encodeRecord, encodeRecordBatch } = require(${JSON.stringify(require.resolve('./kafkajs-records'))});
      const installed = installRecordEncoder();
      const produce = require('kafkajs/src/protocol/requests/produce/v3/request');
      const ours = require('kafkajs/src/protocol/recordBatch/record/v0') === encodeRecord && require('kafkajs/src/protocol/recordBatch/v0').RecordBatch === encodeRecordBatch;
      produce(JSON.parse(process.argv[1])).encode().then((e) => process.stdout.write(JSON.stringify({ installed, ours, hex: e.buffer.toString('hex') })));`;
    const out = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script, JSON.stringify(args)], { cwd: process.cwd(), encoding: 'utf8' });
    const child = JSON.parse(out) as { installed: boolean; ours: boolean; hex: string };
    expect(child.installed).toBe(true);
    expect(child.ours).toBe(true);
    expect(child.hex).toBe((await kafkajsProduce(args).encode()).buffer.toString('hex'));
  });
});
