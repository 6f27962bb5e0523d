import type { Producer, ProducerBatch } from 'kafkajs';
import { createLogger, setLogLevel } from '../logging/logger';
import { BatchingProducer } from './batching-producer';

setLogLevel('silent');

function fakeProducer(behaviour: (batch: ProducerBatch) => Promise<void>): Producer & { batches: ProducerBatch[] } {
  const batches: ProducerBatch[] = [];
  return {
    batches,
    connect: async () => undefined,
    disconnect: async () => undefined,
    sendBatch: async (batch: ProducerBatch) => {
      batches.push(batch);
      await behaviour(batch);
      return [];
    },
  } as unknown as Producer & { batches: ProducerBatch[] };
}

describe('BatchingProducer', () => {
  it('puts concurrent callers into one produce request', async () => {
    const producer = fakeProducer(async () => undefined);
    const batching = new BatchingProducer({ producer, logger: createLogger('t'), maxBatch: 100, lingerMs: 5 });
    await Promise.all(Array.from({ length: 30 }, (_, i) => batching.send('t', [{ key: `d${i}`, value: 'x' }])));
    expect(producer.batches).toHaveLength(1);
    expect(producer.batches[0]!.topicMessages![0]!.messages).toHaveLength(30);
  });

  it('holds records and retries until Kafka takes them, so callers resolve only after the ack', async () => {
    let failures = 2;
    const producer = fakeProducer(async () => {
      if (failures-- > 0) throw Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError' });
    });
    const batching = new BatchingProducer({ producer, logger: createLogger('t'), maxBatch: 100, lingerMs: 0 });
    let resolved = false;
    const sent = batching.send('t', [{ key: 'd', value: 'x' }]).then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(resolved).toBe(false);
    expect(batching.healthy).toBe(false);
    await sent;
    expect(producer.batches).toHaveLength(3);
    expect(batching.healthy).toBe(true);
  });

  it('rejects records Kafka refuses for good (too large) instead of retrying forever', async () => {
    const producer = fakeProducer(async () => {
      throw Object.assign(new Error('too large'), { type: 'MESSAGE_TOO_LARGE' });
    });
    const batching = new BatchingProducer({ producer, logger: createLogger('t'), maxBatch: 100, lingerMs: 0 });
    await expect(batching.send('t', [{ key: 'd', value: 'x' }])).rejects.toThrow('too large');
  });

  it('keeps per-key order across requests', async () => {
    const producer = fakeProducer(async () => undefined);
    const batching = new BatchingProducer({ producer, logger: createLogger('t'), maxBatch: 10, lingerMs: 0 });
    await Promise.all(Array.from({ length: 35 }, (_, i) => batching.send('t', [{ key: 'd', value: String(i) }])));
    const values = producer.batches.flatMap((b) => b.topicMessages![0]!.messages.map((m) => Number(m.value)));
    expect(values).toEqual(Array.from({ length: 35 }, (_, i) => i));
  });
});
