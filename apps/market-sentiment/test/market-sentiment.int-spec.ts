import { HEADERS, TOPICS, type MarketSignalV1, type TweetV2 } from '@tsunagu/contracts';
import { ConsumerRunner, createLogger, ServiceDatabase, type IncomingBatch, type MessageBus, type SubscribeOptions } from '@tsunagu/platform';
import { TradingModule } from '@apps/trading';
import { appUnderTest } from '../../../test/support/app-under-test';
import { expectEventually, uniqueId } from '../../../test/support/test-env';
import { TweetsConsumer } from '../src/analysis/tweets.consumer';
import { MarketSentimentModule } from '../src/market-sentiment.module';
import { burst, chatter, MIN, publishTweets, T0 } from './tweet-fixtures';

/**
 * Pair 3 end to end on a real Kafka and PostgreSQL: tweets produced on the tweet
 * topic → market sentiment → signals topic → paper trading.
 */
describe('market sentiment → paper trading', () => {
  const rule = { windowMs: 5 * MIN, bucketMs: MIN, baselineMs: 120 * MIN, minVolume: 5, minVolumeZ: 2, minAbsSentiment: 0.3, coolDownMs: 30 * MIN };
  const limits = { orderNotional: 5000, maxOrderValue: 10_000, maxPositionValue: 8000, dailyLossLimit: 1_000_000, coolDownMs: MIN, maxPriceAgeMs: 24 * 60 * MIN };
  const sentiment = MarketSentimentModule.register(rule);
  /** the services on a bus of their own, stopped and started like a separate process; `records`: the signal and tweet topics as Kafka holds them */
  const rig = appUnderTest({
    serviceName: 'pair-3',
    kafka: uniqueId('mks'),
    topics: [TOPICS.tweets, TOPICS.marketSignals, TOPICS.prices],
    collect: [TOPICS.marketSignals, TOPICS.tweets],
    restartable: true,
    modules: [sentiment, TradingModule.register(limits)],
  });

  const orders = async (ticker: string) =>
    (await rig.app.request('GET', `/trading/orders?ticker=${ticker}`, { role: 'trading' })).body.items as Array<Record<string, unknown>>;
  const allAnalysed = (ids: readonly string[]) =>
    expectEventually(
      async () => {
        for (const id of ids) expect((await rig.app.request('GET', `/market-sentiment/tweets/${id}`, { role: 'trading' })).status).toBe(200);
      },
      { timeoutMs: 40_000 },
    );
  const signalsOf = (ticker: string) => rig.records.json<MarketSignalV1>(TOPICS.marketSignals).filter((s) => s.ticker === ticker);

  beforeAll(async () => {
    await rig.bus.publish(
      TOPICS.prices,
      ['XYZ', 'AAA', 'BBB', 'CCC', 'DDD'].map((ticker) => ({ key: ticker, value: JSON.stringify({ ticker, price: 100, ts: T0 }) })),
    );
    await expectEventually(async () => expect((await rig.app.request('GET', '/trading/prices', { role: 'trading' })).body.items).toHaveLength(5));
  });

  it('turns a burst of positive $XYZ tweets into one buy signal and one order within the risk limits', async () => {
    const tweets = burst('XYZ', T0, 10, 'positive', 'b1');
    await publishTweets(rig.bus, [...tweets, ...chatter(T0, 6, 'c1')]);
    await allAnalysed(tweets.map((t) => t.id));
    // the collector reads from the beginning; on a fresh broker its group may take a while to form
    const [signal] = await expectEventually(
      () => {
        const s = signalsOf('XYZ');
        expect(s).toHaveLength(1);
        return s;
      },
      { timeoutMs: 60_000 },
    );
    expect(signal).toMatchObject({ ticker: 'XYZ', direction: 'buy', model: 'finance-softmax-v2' });
    expect(signal!.tweetCount).toBeGreaterThanOrEqual(rule.minVolume);
    expect(signal!.volumeZ).toBeGreaterThanOrEqual(rule.minVolumeZ);
    expect(signal!.meanSentiment).toBeGreaterThanOrEqual(rule.minAbsSentiment);
    expect(signal!.tweetIds.every((id) => id.startsWith('b1-XYZ-'))).toBe(true);

    const [order] = await expectEventually(async () => {
      const o = await orders('XYZ');
      expect(o).toHaveLength(1);
      return o;
    });
    expect(order).toMatchObject({ mode: 'paper', status: 'filled', side: 'buy', clientOrderId: signal!.signalId, fillPrice: 100 });
    expect(order!.value as number).toBeLessThanOrEqual(limits.maxOrderValue);

    // the audit trail leads from the order back to the signal and its tweets, and each tweet keeps its evidence
    const audit = (await rig.app.request('GET', `/trading/orders/${order!.id as string}/audit`, { role: 'trading' })).body;
    expect(audit.tweetIds).toEqual(signal!.tweetIds);
    const tweet = (await rig.app.request('GET', `/market-sentiment/tweets/${signal!.tweetIds[0]}`, { role: 'trading' })).body;
    expect(tweet).toMatchObject({ tickers: ['XYZ'], label: 'bullish' });
    expect(tweet.evidence.length).toBeGreaterThan(0);
    // chatter about no ticker is analysed and dropped
    expect((await rig.app.request('GET', '/market-sentiment/tweets/c1-chatter-1', { role: 'trading' })).status).toBe(404);
  });

  it('leads from the paper order back, by Kafka offsets, to its signal and to the tweet that made it fire', async () => {
    const [signal] = signalsOf('XYZ');
    const order = (await orders('XYZ')).find((o) => o.clientOrderId === signal!.signalId)!;
    const lineage = (await rig.app.request('GET', `/trading/orders/${order.id as string}/lineage`, { role: 'trading' })).body;
    expect(lineage).toMatchObject({ mode: 'paper', order: { id: order.id, clientOrderId: signal!.signalId, ticker: 'XYZ' }, signal: { signalId: signal!.signalId, tweetIds: signal!.tweetIds } });

    // the signal's record: at that partition and offset of the signal topic is that signal, caused by a tweet
    const { record, source } = lineage.signal as { record: { topic: string; partition: number; offset: string }; source: { topic: string; partition: number; offset: string } };
    expect(record).toMatchObject({ topic: TOPICS.marketSignals, partition: expect.any(Number), offset: expect.any(String) });
    const signalRecord = rig.records.messages.find((m) => m.topic === TOPICS.marketSignals && m.partition === record.partition && m.offset === record.offset)!;
    expect(JSON.parse(signalRecord.value.toString('utf8'))).toMatchObject({ signalId: signal!.signalId });
    expect(signalRecord.headers).toMatchObject({ [HEADERS.producer]: 'market-sentiment', [HEADERS.sourceTopic]: TOPICS.tweets });

    // the cause: at that partition and offset of the tweet topic is one of the burst's tweets, among the signal's ids
    expect(source).toMatchObject({ topic: TOPICS.tweets, partition: expect.any(Number), offset: expect.any(String) });
    const tweetRecord = await expectEventually(() => {
      const m = rig.records.messages.find((t) => t.topic === TOPICS.tweets && t.partition === source.partition && t.offset === source.offset);
      expect(m).toBeDefined();
      return m!;
    });
    const tweet = JSON.parse(tweetRecord.value.toString('utf8')) as TweetV2;
    expect(tweet.id).toMatch(/^b1-XYZ-/);
    expect(signal!.tweetIds).toContain(tweet.id);
    // market sentiment read that very record
    expect((await rig.app.request('GET', `/market-sentiment/tweets/${tweet.id}`, { role: 'trading' })).body).toMatchObject({ partition: source.partition, offset: source.offset });

    expect((await rig.app.request('GET', '/trading/orders/nope/lineage', { role: 'trading' })).status).toBe(404);
    expect((await rig.app.request('GET', `/trading/orders/${order.id as string}/lineage`, { role: 'dispatch' })).status).toBe(403);
  });

  it('emits nothing for a second burst inside the cool-down', async () => {
    const tweets = burst('XYZ', T0 + 10 * MIN, 10, 'positive', 'b2');
    await publishTweets(rig.bus, tweets);
    await allAnalysed(tweets.map((t) => t.id));
    const view = (await rig.app.request('GET', '/market-sentiment/tickers/XYZ', { role: 'trading' })).body;
    expect(view.volume).toBe(10);
    expect(view.lastSignal.signalId).toBe(signalsOf('XYZ')[0]!.signalId);
    expect((await rig.app.request('GET', '/market-sentiment/signals?ticker=XYZ', { role: 'trading' })).body.items).toHaveLength(1);
    expect(signalsOf('XYZ')).toHaveLength(1);
    expect(await orders('XYZ')).toHaveLength(1);
  });

  it('refuses the next signal, after the cool-down, because it would breach the max position', async () => {
    const tweets = burst('XYZ', T0 + 45 * MIN, 10, 'positive', 'b3');
    await publishTweets(rig.bus, tweets);
    const refused = await expectEventually(async () => {
      const o = (await orders('XYZ')).filter((x) => x.status === 'refused');
      expect(o).toHaveLength(1);
      return o[0]!;
    });
    expect(refused).toMatchObject({ refusedRule: 'max-position', side: 'buy' });
    expect(signalsOf('XYZ')).toHaveLength(2);
  });

  it('restarted mid-stream loses no tweet and makes no duplicate signal or order', async () => {
    const tickers = ['AAA', 'BBB', 'CCC', 'DDD'];
    const tweets = tickers.flatMap((t, i) => burst(t, T0 + i * MIN, 12, i % 2 ? 'negative' : 'positive', 'r', 15_000));
    // interleave the tickers, as a live stream would
    tweets.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    const half = Math.floor(tweets.length / 2);
    await publishTweets(rig.bus, tweets.slice(0, half));
    await expectEventually(async () => expect((await rig.app.request('GET', `/market-sentiment/tweets/${tweets[0]!.id}`, { role: 'trading' })).status).toBe(200));
    await rig.restartable.stop();

    // produced while the service is down, with redeliveries of tweets already seen
    await publishTweets(rig.bus, [...tweets.slice(half), ...tweets.slice(0, 10)]);
    await rig.restartable.start();
    await allAnalysed(tweets.map((t) => t.id));
    await expectEventually(
      async () => {
        for (const [i, ticker] of tickers.entries()) {
          const s = signalsOf(ticker);
          expect(s).toHaveLength(1);
          expect(s[0]!.direction).toBe(i % 2 ? 'sell' : 'buy');
          const o = await orders(ticker);
          expect(o).toHaveLength(1);
          expect(o[0]!.clientOrderId).toBe(s[0]!.signalId);
        }
      },
      { timeoutMs: 30_000 },
    );
    const stored = (await rig.app.request('GET', '/market-sentiment/signals?limit=500', { role: 'trading' })).body.items as Array<{ signalId: string }>;
    expect(stored).toHaveLength(6);
    // every recorded signal went out through the outbox
    await expectEventually(() => expect(new Set(rig.records.json<MarketSignalV1>(TOPICS.marketSignals).map((s) => s.signalId))).toEqual(new Set(stored.map((s) => s.signalId))));
  });

  it('skips a batch redelivered after a crash before the Kafka commit, by the offset stored with the state', async () => {
    // the service's own consumer, run by the kernel over its schema, handed partition 0 from offset 0 again
    const service = rig.app.app.select(sentiment);
    let deliver: ((batch: IncomingBatch) => Promise<void>) | null = null;
    const replay = {
      subscribe: async (o: SubscribeOptions) => {
        deliver = o.handleBatch;
        return { stop: async () => undefined };
      },
    } as unknown as MessageBus;
    const runner = new ConsumerRunner('market-sentiment', replay, service.get(ServiceDatabase, { strict: true }), { maxAttempts: 1, stalledAfterMs: 60_000 }, createLogger('test.replay'));
    await runner.start(service.get(TweetsConsumer, { strict: true }));
    const tweet = burst('AAA', T0 + 3 * MIN, 1, 'positive', 'redelivered')[0]!;
    const message = { topic: TOPICS.tweets, partition: 0, offset: '0', key: tweet.id, value: Buffer.from(JSON.stringify(tweet)), headers: {}, timestamp: Date.now() };
    await deliver!({ topic: TOPICS.tweets, partition: 0, messages: [message] });
    expect((await rig.app.request('GET', `/market-sentiment/tweets/${tweet.id}`, { role: 'trading' })).status).toBe(404);
  });

  it('scores text on request and guards its routes', async () => {
    const good = (await rig.app.request('POST', '/market-sentiment/analyse', { role: 'operator', body: { text: '$XYZ is good' } })).body;
    const notGood = (await rig.app.request('POST', '/market-sentiment/analyse', { role: 'operator', body: { text: '$XYZ is not good' } })).body;
    expect(notGood.sentiment.score).toBeLessThan(good.sentiment.score);
    expect((await rig.app.request('POST', '/market-sentiment/analyse', { role: 'operator', body: { text: '' } })).status).toBe(400);
    expect((await rig.app.request('GET', '/market-sentiment/signals', { role: 'dispatch' })).status).toBe(403);
    expect((await rig.app.request('GET', '/market-sentiment/tickers/NOPE', { role: 'trading' })).status).toBe(404);
    const badTicker = await rig.app.request('GET', '/market-sentiment/tickers/not-a-ticker!', { role: 'trading' });
    expect(badTicker.status).toBe(400);
    expect(badTicker.body.message).toMatch(/ticker/);
  });

  it('keeps a very busy ticker’s stored window bounded while its counts stay exact', async () => {
    // 700 tweets in under 5 minutes of tweet time: all in one window
    const tweets = burst('ZZZ', T0 + 200 * MIN, 700, 'positive', 'busy', 400);
    await publishTweets(rig.bus, tweets);
    const view = await expectEventually(
      async () => {
        const v = (await rig.app.request('GET', '/market-sentiment/tickers/ZZZ', { role: 'trading' })).body;
        expect(v.volume).toBe(700);
        return v;
      },
      { timeoutMs: 60_000 },
    );
    expect(view.tweetIds).toHaveLength(500);
    expect(view.tweetIds[499]).toBe('busy-ZZZ-699');
    expect(view.tweetIds[0]).toBe('busy-ZZZ-200');
    const pg = await rig.resources.pg(rig.db.url);
    const r = await pg.query(
      `SELECT json_array_length(state->'recentIds') AS ids, json_array_length(state->'slots') AS slots, length(state::text) AS chars
       FROM market_sentiment.ticker_windows WHERE ticker = 'ZZZ'`,
    );
    expect(r.rows[0]).toMatchObject({ ids: 500 });
    expect(r.rows[0].slots).toBeLessThanOrEqual(301);
    expect(r.rows[0].chars).toBeLessThan(40_000);
  });

  it('pages the lists and names a bad page field', async () => {
    const all = (await rig.app.request('GET', '/market-sentiment/signals?pageSize=500', { role: 'trading' })).body;
    expect(all).toMatchObject({ page: 1, pageSize: 500, total: all.items.length });
    const second = (await rig.app.request('GET', '/market-sentiment/signals?pageSize=2&page=2', { role: 'trading' })).body;
    expect(second.items.map((s: { signalId: string }) => s.signalId)).toEqual(all.items.slice(2, 4).map((s: { signalId: string }) => s.signalId));
    const tickers = (await rig.app.request('GET', '/market-sentiment/tickers?pageSize=2', { role: 'operator' })).body;
    expect(tickers.items).toHaveLength(2);
    expect(tickers.total).toBeGreaterThanOrEqual(6);
    const orders = (await rig.app.request('GET', '/trading/orders?pageSize=1&page=2', { role: 'trading' })).body;
    expect(orders).toMatchObject({ page: 2, pageSize: 1, mode: 'paper' });
    expect(orders.total).toBeGreaterThanOrEqual(2);
    const bad = await rig.app.request('GET', '/market-sentiment/tickers?page=0', { role: 'trading' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('page');
  });
});
