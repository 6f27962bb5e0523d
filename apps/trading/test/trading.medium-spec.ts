/**
 * Paper trading against a real PostgreSQL with the in-process bus (no Kafka): the
 * order's lineage from the signal's headers, the price feed's newest-tick rule,
 * the daily loss limit on the injected clock and one order per signal id.
 */
import { TOPICS, type MarketSignalV1, type PriceV1 } from '@tsunagu/contracts';
import { ManualClock, Publisher, ServiceDatabase, setLogLevel } from '@tsunagu/platform';
import { appUnderTest } from '../../../test/support/app-under-test';
import { expectEventually } from '../../../test/support/test-env';
import { PricesRepository } from '../src/prices/prices.repository';
import { TradingModule } from '../src/trading.module';
import { signal, T0 } from './trading-fixtures';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe('trading on PostgreSQL (in-process bus)', () => {
  const limits = { orderNotional: 5000, maxOrderValue: 10_000, maxPositionValue: 8000, dailyLossLimit: 1000, coolDownMs: MIN, maxPriceAgeMs: DAY };
  // the trading day is the clock's; orders are stamped by the database, so the clock starts at the real now
  const clock = new ManualClock(Date.now());
  beforeAll(() => setLogLevel('silent'));
  const rig = appUnderTest({ serviceName: 'trading', clock, modules: [TradingModule.register(limits)] });
  /** publishes as market sentiment does: each signal caused by a tweet record */
  const sentiment = () => new Publisher(rig.bus, { producer: 'market-sentiment', validate: true });

  const publishSignals = (signals: readonly MarketSignalV1[], tweetOffset = '41') =>
    sentiment().publish(
      TOPICS.marketSignals,
      signals.map((value) => ({ value, cause: { topic: TOPICS.tweets, partition: 2, offset: tweetOffset } })),
    );
  const publishPrices = (prices: readonly PriceV1[]) => sentiment().publish(TOPICS.prices, prices.map((value) => ({ value, cause: { topic: 'http:POST /prices' } })));
  const orderOf = (id: string) =>
    expectEventually(async () => {
      const res = await rig.app.request('GET', `/trading/orders/${encodeURIComponent(id)}`, { role: 'trading' });
      expect(res.status).toBe(200);
      return res.body;
    });
  const priceOf = async (ticker: string) =>
    ((await rig.app.request('GET', '/trading/prices', { role: 'trading' })).body.items as Array<{ ticker: string; price: number; ts: number }>).find((p) => p.ticker === ticker);

  beforeAll(async () => {
    await publishPrices([
      { ticker: 'AAA', price: 100, ts: T0 },
      { ticker: 'BBB', price: 100, ts: T0 },
    ]);
    await expectEventually(async () => expect((await priceOf('BBB'))?.price).toBe(100));
  });

  it('keeps the signal’s Kafka record and the tweet behind it with the order, and answers them as its lineage', async () => {
    const s = signal('AAA', T0 + MIN);
    await publishSignals([s]);
    const order = await orderOf(s.signalId);
    expect(order).toMatchObject({ status: 'filled', qty: 50, fillPrice: 100, signalId: s.signalId });
    expect(order.lineage).toBeUndefined();

    const lineage = (await rig.app.request('GET', `/trading/orders/${order.id}/lineage`, { role: 'trading' })).body;
    expect(lineage).toMatchObject({
      mode: 'paper',
      order: { id: order.id, clientOrderId: s.signalId, ticker: 'AAA', side: 'buy', status: 'filled' },
      signal: { signalId: s.signalId, emittedAt: s.emittedAt, window: s.window, model: s.model, tweetIds: s.tweetIds, source: { topic: TOPICS.tweets, partition: 2, offset: '41' } },
    });
    expect(lineage.signal.record).toEqual({ topic: TOPICS.marketSignals, partition: expect.any(Number), offset: expect.stringMatching(/^\d+$/) });
    // by client order id too; unknown answers 404
    expect((await rig.app.request('GET', `/trading/orders/${encodeURIComponent(s.signalId)}/lineage`, { role: 'trading' })).body.order.id).toBe(order.id);
    expect((await rig.app.request('GET', '/trading/orders/00000000-0000-4000-8000-000000000000/lineage', { role: 'trading' })).status).toBe(404);
  });

  it('never lets an older tick overwrite a newer price, across batches or inside one', async () => {
    const prices = rig.app.app.get(PricesRepository);
    const db = rig.app.app.get(ServiceDatabase);
    await db.transaction((tx) => prices.upsertLatest(tx, [{ ticker: 'CCC', price: 50, ts: T0 + 2 * MIN }]));
    await db.transaction((tx) => prices.upsertLatest(tx, [{ ticker: 'CCC', price: 60, ts: T0 + MIN }]));
    expect(await priceOf('CCC')).toEqual({ ticker: 'CCC', price: 50, ts: T0 + 2 * MIN });
    await db.transaction((tx) =>
      prices.upsertLatest(tx, [
        { ticker: 'CCC', price: 55, ts: T0 + 4 * MIN },
        { ticker: 'CCC', price: 52, ts: T0 + 3 * MIN },
      ]),
    );
    expect(await priceOf('CCC')).toEqual({ ticker: 'CCC', price: 55, ts: T0 + 4 * MIN });
  });

  it('stops trading for the clock’s day once the loss limit is reached, and trades again the next day', async () => {
    // 50 held at 100, sold at 81: −950 realised today, and the sale opens a short of 11 at 81
    await publishPrices([{ ticker: 'AAA', price: 81, ts: T0 + 2 * MIN }]);
    await expectEventually(async () => expect((await priceOf('AAA'))?.price).toBe(81));
    const sell = signal('AAA', T0 + 5 * MIN, { direction: 'sell' });
    await publishSignals([sell]);
    expect(await orderOf(sell.signalId)).toMatchObject({ status: 'filled', qty: 61, fillPrice: 81, realisedPnl: -950 });
    // the short loses 55 more: −1005 today
    await publishPrices([{ ticker: 'AAA', price: 86, ts: T0 + 6 * MIN }]);
    await expectEventually(async () => expect((await priceOf('AAA'))?.price).toBe(86));
    const refused = signal('BBB', T0 + 7 * MIN);
    await publishSignals([refused]);
    expect(await orderOf(refused.signalId)).toMatchObject({ status: 'refused', refusedRule: 'daily-loss-limit' });
    expect((await rig.app.request('GET', '/trading/pnl', { role: 'trading' })).body).toMatchObject({ today: { realised: -950 }, unrealised: -55 });

    // the next day (of the injected clock) only the open loss counts
    clock.advance(DAY);
    const nextDay = signal('BBB', T0 + 10 * MIN);
    await publishSignals([nextDay]);
    expect(await orderOf(nextDay.signalId)).toMatchObject({ status: 'filled', fillPrice: 100 });
    expect((await rig.app.request('GET', '/trading/pnl', { role: 'trading' })).body.today.realised).toBe(0);
  });

  it('makes one order of a signal that comes twice in a batch and again later', async () => {
    const s = signal('BBB', T0 + 20 * MIN, { direction: 'sell' });
    await publishSignals([s, s]);
    await orderOf(s.signalId);
    await publishSignals([s], '99');
    const marker = signal('NOPX', T0 + 20 * MIN);
    await publishSignals([marker]);
    await orderOf(marker.signalId);
    const orders = (await rig.app.request('GET', '/trading/orders?ticker=BBB', { role: 'trading' })).body.items as Array<{ clientOrderId: string }>;
    expect(orders.filter((o) => o.clientOrderId === s.signalId)).toHaveLength(1);
    // the lineage is the first delivery's
    expect((await rig.app.request('GET', `/trading/orders/${encodeURIComponent(s.signalId)}/lineage`, { role: 'trading' })).body.signal.source.offset).toBe('41');
  });
});
