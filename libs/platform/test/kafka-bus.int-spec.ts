import type { IncomingMessage, KafkaBus } from '@tsunagu/platform';
import { failingFirst } from '../../../test/support/bus-handlers';
import { createTestBus, expectEventually, uniqueId } from '../../../test/support/test-env';

/** The Kafka bus against the real broker: topics, ordering, consumer groups, retries. */
describe('KafkaBus (real Kafka)', () => {
  const buses: KafkaBus[] = [];
  const bus = (prefix: string): KafkaBus => {
    const b = createTestBus(prefix);
    buses.push(b);
    return b;
  };
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
  });

  it('lets several services create overlapping topics at once and subscribe at once', async () => {
    const prefix = uniqueId('race-');
    const topics = ['a.v1', 'b.v1', 'c.v1'];
    // four "modules" of one process, each with its own client, ensuring overlapping topics concurrently
    await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const b = bus(prefix);
        await b.ensureTopics([topics[i % 3]!, topics[(i + 1) % 3]!]);
        const sub = await b.subscribe({ groupId: `g${i}`, topics: [topics[i % 3]!], handleBatch: async () => undefined });
        await sub.stop();
      }),
    );
  });

  it('keeps per-key order and resumes a consumer group where it committed', async () => {
    const prefix = uniqueId('order-');
    const producer = bus(prefix);
    await producer.ensureTopics(['t.v1']);
    await producer.publish('t.v1', Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 3}`, value: String(i) })));

    const seen: IncomingMessage[] = [];
    const first = bus(prefix);
    const sub = await first.subscribe({ groupId: 'g', topics: ['t.v1'], handleBatch: async (batch) => void seen.push(...batch.messages) });
    await expectEventually(() => expect(seen).toHaveLength(30));
    const ofKey = (key: string) => seen.filter((m) => m.key === key).map((m) => Number(m.value.toString()));
    expect(ofKey('k1')).toEqual([1, 4, 7, 10, 13, 16, 19, 22, 25, 28]);
    await sub.stop();

    await producer.publish('t.v1', [{ key: 'k1', value: '30' }]);
    const resumed: IncomingMessage[] = [];
    const second = bus(prefix);
    await second.subscribe({ groupId: 'g', topics: ['t.v1'], handleBatch: async (batch) => void resumed.push(...batch.messages) });
    await expectEventually(() => expect(resumed.map((m) => m.value.toString())).toEqual(['30']));
  });

  it('retries a batch whose handler fails transiently without committing it', async () => {
    const prefix = uniqueId('retry-');
    const b = bus(prefix);
    await b.ensureTopics(['r.v1']);
    await b.publish('r.v1', [{ key: 'x', value: 'once' }]);
    const handler = failingFirst(2);
    await b.subscribe({ groupId: 'g', topics: ['r.v1'], handleBatch: handler.handleBatch });
    await expectEventually(() => expect(handler.values).toEqual(['once']));
    expect(handler.calls).toBe(3);
  });
});
