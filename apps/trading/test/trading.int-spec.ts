import { deadLetterTopicOf, TOPICS } from '@tsunagu/contracts';
import { appUnderTest } from '../../../test/support/app-under-test';
import { collectTopic, expectEventually, uniqueId } from '../../../test/support/test-env';
import { TradingModule } from '../src/trading.module';
import { publishPrices, publishSignals, signal, T0 } from './trading-fixtures';

/**
 * Paper trading against a real Kafka and PostgreSQL: signals on the signal
 * topic, prices on the price feed, orders and refusals read back over REST.
 */
describe('trading (paper) consuming market signals', () => {
  const limits = { orderNotional: 5000, maxOrderValue: 10_000, maxPositionValue: 8000, dailyLossLimit: 1_000_000, coolDownMs: 60_000, maxPriceAgeMs: 5 * 60_000 };
  /** the service on a bus of its own, stopped and started like a separate process */
  const rig = appUnderTest({ serviceName: 'trading', kafka: uniqueId('trd'), topics: [TOPICS.marketSignals, TOPICS.prices], restartable: true, modules: [TradingModule.register(limits)] });

  beforeAll(async () => {
    await publishPrices(rig.bus, [
      { ticker: 'XYZ', price: 100, ts: T0 },
      ...Array.from({ length: 20 }, (_, i) => ({ ticker: `R${i}`, price: 10 + i, ts: T0 })),
    ]);
    await expectEventually(async () => expect((await rig.app.request('GET', '/trading/prices', { role: 'trading' })).body.items).toHaveLength(21));
  });

  const orderOf = async (id: string) => (await rig.app.request('GET', `/trading/orders/${encodeURIComponent(id)}`, { role: 'trading' })).body;
  const waitForOrder = (id: string) =>
    expectEventually(async () => {
      const o = await orderOf(id);
      expect(o.clientOrderId).toBe(id);
      return o;
    });

  it('fills a buy signal within the limits, labelled paper, with an audit trail back to its tweets', async () => {
    const s = signal('XYZ', T0 + 60_000);
    await publishSignals(rig.bus, [s]);
    const order = await waitForOrder(s.signalId);
    expect(order).toMatchObject({ mode: 'paper', status: 'filled', side: 'buy', qty: 50, fillPrice: 100, value: 5000, ticker: 'XYZ' });
    expect(order.notice).toMatch(/PAPER TRADING ONLY/);

    const audit = (await rig.app.request('GET', `/trading/orders/${order.id}/audit`, { role: 'trading' })).body;
    expect(audit).toMatchObject({ mode: 'paper', orderId: order.id, signalId: s.signalId, tweetIds: s.tweetIds });
    expect(audit.events.map((e: { event: string }) => e.event)).toEqual(['signal-received', 'risk-passed', 'order-filled']);

    const positions = (await rig.app.request('GET', '/trading/positions', { role: 'trading' })).body;
    expect(positions.mode).toBe('paper');
    expect(positions.items).toEqual([expect.objectContaining({ ticker: 'XYZ', qty: 50, avgCost: 100, unrealisedPnl: 0 })]);
    const pnl = (await rig.app.request('GET', '/trading/pnl', { role: 'trading' })).body;
    expect(pnl).toMatchObject({ mode: 'paper', realised: 0, unrealised: 0, total: 0 });
  });

  it('refuses a second signal inside the per-ticker cool-down, naming the rule', async () => {
    const s = signal('XYZ', T0 + 90_000);
    await publishSignals(rig.bus, [s]);
    expect(await waitForOrder(s.signalId)).toMatchObject({ status: 'refused', refusedRule: 'cool-down', qty: null, fillPrice: null });
  });

  it('refuses a signal that would breach the max position, naming the rule', async () => {
    // 50 held + 50 more at 100 = 10 000 > 8 000
    const s = signal('XYZ', T0 + 5 * 60_000);
    await publishSignals(rig.bus, [s]);
    const order = await waitForOrder(s.signalId);
    expect(order).toMatchObject({ status: 'refused', refusedRule: 'max-position' });
    expect(order.refusalDetail).toMatch(/max position/);
    const audit = (await rig.app.request('GET', `/trading/orders/${order.id}/audit`, { role: 'trading' })).body;
    expect(audit.events.map((e: { event: string }) => e.event)).toEqual(['signal-received', 'risk-refused']);
    expect(audit.events[1].detail.rule).toBe('max-position');
  });

  it('refuses a signal with no price in the feed instead of filling at zero', async () => {
    const s = signal('NOPX', T0 + 60_000);
    await publishSignals(rig.bus, [s]);
    expect(await waitForOrder(s.signalId)).toMatchObject({ status: 'refused', refusedRule: 'no-price', fillPrice: null });
  });

  it('refuses a signal whose latest price is older than the max price age, naming the rule, and fills once a fresh price arrives', async () => {
    await publishPrices(rig.bus, [{ ticker: 'OLD', price: 100, ts: T0 - 10 * 60_000 }]);
    await expectEventually(async () => {
      const items = (await rig.app.request('GET', '/trading/prices', { role: 'trading' })).body.items as Array<{ ticker: string }>;
      expect(items.map((p) => p.ticker)).toContain('OLD');
    });
    const stale = signal('OLD', T0 + 60_000);
    await publishSignals(rig.bus, [stale]);
    const refused = await waitForOrder(stale.signalId);
    expect(refused).toMatchObject({ status: 'refused', refusedRule: 'stale-price', fillPrice: null, qty: null });
    expect(refused.refusalDetail).toMatch(/660000 ms older than the signal; max price age is 300000 ms/);
    const audit = (await rig.app.request('GET', `/trading/orders/${refused.id}/audit`, { role: 'trading' })).body;
    expect(audit.events[1]).toMatchObject({ event: 'risk-refused', detail: { rule: 'stale-price', price: 100, priceTs: T0 - 10 * 60_000 } });
    const positions = (await rig.app.request('GET', '/trading/positions', { role: 'trading' })).body.items as Array<{ ticker: string; qty: number }>;
    expect(positions.find((p) => p.ticker === 'OLD')?.qty ?? 0).toBe(0);

    await publishPrices(rig.bus, [{ ticker: 'OLD', price: 101, ts: T0 + 90_000 }]);
    await expectEventually(async () => {
      const items = (await rig.app.request('GET', '/trading/prices', { role: 'trading' })).body.items as Array<{ ticker: string; ts: number }>;
      expect(items.find((p) => p.ticker === 'OLD')?.ts).toBe(T0 + 90_000);
    });
    const fresh = signal('OLD', T0 + 2 * 60_000);
    await publishSignals(rig.bus, [fresh]);
    expect(await waitForOrder(fresh.signalId)).toMatchObject({ status: 'filled', fillPrice: 101 });
  });

  it('makes one order of a signal delivered twice', async () => {
    const s = signal('XYZ', T0 + 60_000, { direction: 'sell' });
    await publishSignals(rig.bus, [s, s]);
    await waitForOrder(s.signalId);
    await publishSignals(rig.bus, [s]);
    const marker = signal('NOPX', T0 + 10 * 60_000);
    await publishSignals(rig.bus, [marker]);
    await waitForOrder(marker.signalId);
    const sells = (await rig.app.request('GET', '/trading/orders?ticker=XYZ', { role: 'trading' })).body.items.filter((o: { clientOrderId: string }) => o.clientOrderId === s.signalId);
    expect(sells).toHaveLength(1);
  });

  it('lets only an admin flip the kill switch, which then refuses every signal', async () => {
    expect((await rig.app.request('PUT', '/trading/kill-switch', { role: 'trading', body: { engaged: true, reason: 'x' } })).status).toBe(403);
    expect((await rig.app.request('PUT', '/trading/kill-switch', { role: 'admin', body: { engaged: 'yes' } })).status).toBe(400);
    const on = await rig.app.request('PUT', '/trading/kill-switch', { role: 'admin', body: { engaged: true, reason: 'market halt drill' } });
    expect(on.body).toMatchObject({ mode: 'paper', engaged: true, reason: 'market halt drill', changedBy: 'role:admin' });
    const again = await rig.app.request('PUT', '/trading/kill-switch', { role: 'admin', body: { engaged: true, reason: 'again' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'INVALID_TRANSITION', current: { engaged: true, reason: 'market halt drill' }, allowed: [{ engaged: false }] });
    const s = signal('R19', T0 + 60_000);
    await publishSignals(rig.bus, [s]);
    expect(await waitForOrder(s.signalId)).toMatchObject({ status: 'refused', refusedRule: 'kill-switch' });
    await rig.app.request('PUT', '/trading/kill-switch', { role: 'admin', body: { engaged: false, reason: 'drill over' } });
    expect((await rig.app.request('GET', '/trading/kill-switch', { role: 'trading' })).body.engaged).toBe(false);
  });

  it('dead-letters an invalid signal with its reason and goes on', async () => {
    const dlq = await collectTopic(rig.bus, [deadLetterTopicOf(TOPICS.marketSignals)]);
    try {
      await rig.bus.publish(TOPICS.marketSignals, [{ key: 'XYZ', value: JSON.stringify({ ...signal('XYZ', T0), strength: 7 }) }]);
      const after = signal('NOPX', T0 + 20 * 60_000);
      await publishSignals(rig.bus, [after]);
      await waitForOrder(after.signalId);
      await expectEventually(() => expect(dlq.json<{ reason: string; detail: string }>()).toEqual([expect.objectContaining({ reason: 'schema-violation', detail: expect.stringMatching(/strength/) })]), {
        timeoutMs: 60_000,
      });
    } finally {
      await dlq.stop();
    }
  });

  it('answers 404 for an unknown order, 400 naming a bad query field, 401 without a token', async () => {
    expect((await rig.app.request('GET', '/trading/orders/nope', { role: 'trading' })).status).toBe(404);
    const bad = await rig.app.request('GET', '/trading/orders?status=open', { role: 'trading' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/status/);
    const badPage = await rig.app.request('GET', '/trading/positions?pageSize=501', { role: 'trading' });
    expect(badPage.status).toBe(400);
    expect(badPage.body.message).toMatch(/pageSize/);
    const prices = (await rig.app.request('GET', '/trading/prices?pageSize=5&page=2', { role: 'trading' })).body;
    expect(prices).toMatchObject({ mode: 'paper', page: 2, pageSize: 5 });
    expect(prices.items).toHaveLength(5);
    expect(prices.total).toBeGreaterThanOrEqual(21);
    expect((await rig.app.request('GET', '/trading/orders', { role: null })).status).toBe(401);
    expect((await rig.app.request('GET', '/trading/orders', { role: 'dispatch' })).status).toBe(403);
  });

  it('restarted mid-stream loses no signal and makes no duplicate order', async () => {
    const signals = Array.from({ length: 19 }, (_, i) => signal(`R${i}`, T0 + 60_000));
    await publishSignals(rig.bus, signals.slice(0, 10));
    await expectEventually(async () => {
      const items = (await rig.app.request('GET', '/trading/orders?limit=500', { role: 'trading' })).body.items as Array<{ ticker: string }>;
      expect(items.filter((o) => o.ticker.startsWith('R') && o.ticker !== 'R19').length).toBeGreaterThan(0);
    });
    await rig.restartable.stop();
    // produced while the service is down, plus redeliveries of the first ones
    await publishSignals(rig.bus, [...signals.slice(10), ...signals.slice(0, 5)]);
    await rig.restartable.start();
    await expectEventually(
      async () => {
        const items = (await rig.app.request('GET', '/trading/orders?limit=500', { role: 'trading' })).body.items as Array<{ clientOrderId: string; ticker: string }>;
        const restart = items.filter((o) => o.ticker.startsWith('R') && o.ticker !== 'R19');
        expect(restart).toHaveLength(19);
        expect(new Set(restart.map((o) => o.clientOrderId)).size).toBe(19);
      },
      { timeoutMs: 40_000 },
    );
    const filled = (await rig.app.request('GET', '/trading/orders?status=filled&limit=500', { role: 'trading' })).body.items as Array<{ ticker: string }>;
    expect(filled.filter((o) => o.ticker.startsWith('R')).length).toBe(19);
  });
});
