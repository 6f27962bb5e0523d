/** The durable bus of the single-process mode, on a real PostgreSQL: order, groups, restarts, backpressure. */
import { PostgresBus, setLogLevel, type IncomingMessage } from '@tsunagu/platform';
import { expectEventually } from '../../../test/support/test-env';
import { testDatabase } from '../../../test/support/app-under-test';

describe('PostgresBus (real PostgreSQL)', () => {
  beforeAll(() => setLogLevel('silent'));
  const db = testDatabase();

  const open = (schema: string) => PostgresBus.open({ url: db.url, schema, partitions: 3, lingerMs: 1, pollMs: 50 });
  const msgs = (key: string, from: number, n: number) => Array.from({ length: n }, (_, i) => ({ key, value: JSON.stringify({ key, n: from + i }), headers: { h: 'x' } }));

  it('delivers each key in order to every group, with its headers, once it is committed', async () => {
    const bus = await open('bus_order');
    const got = new Map<string, IncomingMessage[]>();
    const subs = await Promise.all(
      ['g1', 'g2'].map((g) =>
        bus.subscribe({ groupId: g, topics: ['t'], handleBatch: async (b) => void got.set(g, [...(got.get(g) ?? []), ...b.messages]) }),
      ),
    );
    await Promise.all([bus.publish('t', msgs('a', 0, 50)), bus.publish('t', msgs('b', 0, 50))]);
    await expectEventually(() => {
      for (const g of ['g1', 'g2']) {
        const m = got.get(g) ?? [];
        expect(m).toHaveLength(100);
        for (const key of ['a', 'b']) expect(m.filter((x) => x.key === key).map((x) => JSON.parse(x.value.toString()).n)).toEqual([...Array(50).keys()]);
      }
    });
    expect(got.get('g1')![0]!.headers).toEqual({ h: 'x' });
    await Promise.all(subs.map((s) => s.stop()));
    await bus.close();
  });

  it('continues offsets and groups across a restart: new records are never taken for old ones', async () => {
    const first = await open('bus_restart');
    const seen: string[] = [];
    let sub = await first.subscribe({ groupId: 'analysis', topics: ['readings'], handleBatch: async (b) => void seen.push(...b.messages.map((m) => `${m.partition}@${m.offset}`)) });
    await first.publish('readings', msgs('m-1', 0, 10));
    await expectEventually(() => expect(seen).toHaveLength(10));
    await sub.stop();
    await first.close();

    const second = await open('bus_restart');
    await second.publish('readings', msgs('m-1', 10, 10));
    const after: Array<{ offset: string; n: number }> = [];
    sub = await second.subscribe({ groupId: 'analysis', topics: ['readings'], handleBatch: async (b) => void after.push(...b.messages.map((m) => ({ offset: m.offset, n: JSON.parse(m.value.toString()).n as number }))) });
    await expectEventually(() => expect(after.map((a) => a.n)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]));
    // the offsets go on from where they were, so a consumer's stored offset never hides them
    expect(after.map((a) => Number(a.offset))).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    await sub.stop();
    await second.close();
  });

  it('retries a failing handler and never skips its records', async () => {
    const bus = await open('bus_retry');
    let failures = 3;
    const seen: number[] = [];
    const sub = await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      handleBatch: async (b) => {
        if (failures-- > 0) throw new RangeError('a bug');
        seen.push(...b.messages.map((m) => JSON.parse(m.value.toString()).n as number));
      },
    });
    await bus.publish('t', msgs('k', 0, 5));
    await expectEventually(() => expect(seen).toEqual([0, 1, 2, 3, 4]), { timeoutMs: 10_000 });
    await sub.stop();
    await bus.close();
  });

  it('reports what the slowest group has yet to read, for backpressure', async () => {
    const bus = await open('bus_lag');
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const sub = await bus.subscribe({ groupId: 'slow', topics: ['t'], handleBatch: () => blocked });
    await bus.publish('t', msgs('k', 0, 40));
    await bus.health();
    expect(bus.pendingRecords).toBe(40);
    release();
    await expectEventually(async () => {
      await bus.health();
      expect(bus.pendingRecords).toBe(0);
    });
    await sub.stop();
    await bus.close();
  });

  it('holds a publish while the database is unreachable and writes it when it is back', async () => {
    const bus = await open('bus_outage');
    const client = await bus.connect();
    // the records table locked exclusively: writes wait as if the server were away, then go through
    await client.query('BEGIN');
    await client.query('LOCK TABLE bus_outage.records IN ACCESS EXCLUSIVE MODE');
    let done = false;
    const publishing = bus.publish('t', msgs('k', 0, 3)).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(done).toBe(false);
    await client.query('ROLLBACK');
    client.release();
    await publishing;
    expect(done).toBe(true);
    await bus.close();
  });
});
