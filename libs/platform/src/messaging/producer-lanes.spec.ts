import type { Producer, ProducerBatch } from 'kafkajs';
import { createLogger, setLogLevel } from '../logging/logger';
import { BatchingProducer } from './batching-producer';
import { ProducerLanes } from './producer-lanes';

setLogLevel('silent');

/** A kafkajs producer whose requests Kafka acknowledges only when the test says so. */
function heldProducer(): Producer & { batches: ProducerBatch[]; ackAll(): void; inFlight: number } {
  const acks: Array<() => void> = [];
  const fake = {
    batches: [] as ProducerBatch[],
    inFlight: 0,
    ackAll: () => acks.splice(0).forEach((ack) => ack()),
    connect: async () => undefined,
    disconnect: async () => undefined,
    sendBatch: async (batch: ProducerBatch) => {
      fake.batches.push(batch);
      fake.inFlight++;
      await new Promise<void>((resolve) => acks.push(resolve));
      fake.inFlight--;
      return [];
    },
  };
  return fake as unknown as Producer & { batches: ProducerBatch[]; ackAll(): void; inFlight: number };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

function lanesOver(producers: Producer[], maxBatch = 100): ProducerLanes {
  return new ProducerLanes(producers.map((producer) => new BatchingProducer({ producer, logger: createLogger('t'), maxBatch, lingerMs: 0 })));
}

describe('ProducerLanes', () => {
  it('keeps requests of different lanes in flight at once, and resolves callers only after their ack', async () => {
    const producers = [heldProducer(), heldProducer(), heldProducer(), heldProducer()];
    const lanes = lanesOver(producers);
    const keys = Array.from({ length: 40 }, (_, i) => `device-${i}`);
    let resolved = 0;
    const sent = Promise.all(keys.map((key) => lanes.send('t', [{ key, value: 'x' }]).then(() => resolved++)));
    await tick();
    expect(producers.filter((p) => p.inFlight === 1)).toHaveLength(4);
    expect(resolved).toBe(0);
    const acking = setInterval(() => producers.forEach((p) => p.ackAll()), 1);
    await sent;
    clearInterval(acking);
    expect(resolved).toBe(40);
  });

  it('sends every record of a key through one lane, in order, across many requests', async () => {
    const producers = [heldProducer(), heldProducer(), heldProducer()];
    const lanes = lanesOver(producers, 7);
    const sends: Array<Promise<void>> = [];
    for (let i = 0; i < 60; i++) for (const key of ['a', 'b', 'c', 'd']) sends.push(lanes.send('t', [{ key, value: String(i) }]));
    // a batch of several keys at once is split by lane and keeps its order too
    sends.push(lanes.send('t', ['a', 'b', 'c', 'd'].map((key) => ({ key, value: '60' }))));
    const acking = setInterval(() => producers.forEach((p) => p.ackAll()), 1);
    await Promise.all(sends);
    clearInterval(acking);
    for (const key of ['a', 'b', 'c', 'd']) {
      const seen = producers.map((p) => p.batches.flatMap((b) => b.topicMessages!.flatMap((t) => t.messages)).filter((m) => m.key === key).map((m) => Number(m.value)));
      expect(seen.filter((values) => values.length > 0)).toEqual([Array.from({ length: 61 }, (_, i) => i)]);
      expect(seen[lanes.laneOf(key)]).toHaveLength(61);
    }
  });

  it('reports the records pending in every lane and is healthy only when every lane is', async () => {
    const producers = [heldProducer(), heldProducer()];
    const lanes = lanesOver(producers);
    const sent = lanes.send('t', ['a', 'b', 'c', 'd', 'e'].map((key) => ({ key, value: 'x' })));
    await tick();
    expect(lanes.pendingCount).toBe(5);
    expect(lanes.healthy).toBe(true);
    const acking = setInterval(() => producers.forEach((p) => p.ackAll()), 1);
    await sent;
    clearInterval(acking);
    expect(lanes.pendingCount).toBe(0);
  });
});
