import { failingFirst } from '../../../../test/support/bus-handlers';
import { setLogLevel } from '../logging/logger';
import { InProcessBus } from './in-process-bus';
import type { IncomingMessage } from './message-bus';

setLogLevel('silent');

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('InProcessBus', () => {
  it('delivers per key in order to each consumer group', async () => {
    const bus = new InProcessBus(3);
    const a: IncomingMessage[] = [];
    const b: IncomingMessage[] = [];
    await bus.subscribe({ groupId: 'a', topics: ['t'], handleBatch: async (batch) => void a.push(...batch.messages) });
    await bus.subscribe({ groupId: 'b', topics: ['t'], handleBatch: async (batch) => void b.push(...batch.messages) });
    await bus.publish('t', Array.from({ length: 50 }, (_, i) => ({ key: `k${i % 5}`, value: String(i) })));
    await until(() => a.length === 50 && b.length === 50);
    const ofKey = (list: IncomingMessage[], key: string) => list.filter((m) => m.key === key).map((m) => Number(m.value.toString()));
    expect(ofKey(a, 'k1')).toEqual([1, 6, 11, 16, 21, 26, 31, 36, 41, 46]);
    expect(ofKey(b, 'k1')).toEqual(ofKey(a, 'k1'));
    await bus.close();
  });

  it('retries a batch whose handler fails transiently, then moves on', async () => {
    const bus = new InProcessBus(1);
    const handler = failingFirst(1);
    await bus.subscribe({ groupId: 'g', topics: ['t'], handleBatch: handler.handleBatch });
    await bus.publish('t', [{ key: 'x', value: 'one' }]);
    await until(() => handler.values.length === 1);
    expect(handler.calls).toBe(2);
    await bus.close();
  });

  it('hands batches of several partitions at once where the consumer allows it, each partition still in order', async () => {
    const bus = new InProcessBus(3);
    let inside = 0;
    let most = 0;
    const seen: IncomingMessage[] = [];
    await bus.publish('t', Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 6}`, value: String(i) })));
    await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      partitionsConcurrently: 3,
      handleBatch: async (batch) => {
        most = Math.max(most, ++inside);
        await new Promise((r) => setTimeout(r, 20));
        seen.push(...batch.messages);
        inside--;
      },
    });
    await until(() => seen.length === 30);
    expect(most).toBe(3);
    for (const key of ['k0', 'k5']) expect(seen.filter((m) => m.key === key).map((m) => Number(m.value.toString()))).toEqual([0, 6, 12, 18, 24].map((n) => n + Number(key.slice(1))));
    await bus.close();
  });

  it('starts a late group from the beginning of what is retained', async () => {
    const bus = new InProcessBus(1);
    await bus.publish('t', [{ key: null, value: 'early' }]);
    const seen: string[] = [];
    await bus.subscribe({ groupId: 'late', topics: ['t'], handleBatch: async (batch) => void seen.push(...batch.messages.map((m) => m.value.toString())) });
    await until(() => seen.length === 1);
    expect(seen).toEqual(['early']);
    await bus.close();
  });
});
