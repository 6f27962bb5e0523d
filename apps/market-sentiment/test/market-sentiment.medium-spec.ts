/**
 * Market sentiment against a real PostgreSQL (no Kafka): the migration of a
 * schema written before the kernel (offsets, unpublished signals), and the
 * analysis inside the consumer's transaction: signals staged in the outbox with
 * the firing tweet as their cause, duplicates by tweet id, nothing left by a
 * rolled-back batch, and the prune job on the injected clock.
 */
import { HEADERS, TOPICS, type MarketSignalV1, type TweetV2 } from '@tsunagu/contracts';
import { causeOf, ManualClock, ServiceDatabase, setLogLevel, type Delivery, type IncomingMessage } from '@tsunagu/platform';
import { appUnderTest } from '../../../test/support/app-under-test';
import { afterMigrating } from '../../../test/support/kernel-fixtures';
import { MarketSentimentService, type PreparedTweet } from '../src/analysis/market-sentiment.service';
import { SentimentStateRepository } from '../src/analysis/sentiment-state.repository';
import { TweetPruneJob } from '../src/analysis/tweet-prune.job';
import { MARKET_SENTIMENT_SCHEMA, MARKET_SENTIMENT_TOKENS } from '../src/market-sentiment.constants';
import { MARKET_SENTIMENT_SERVICE, MarketSentimentModule } from '../src/market-sentiment.module';
import { MarketSentimentInit1764800000000 } from '../src/migrations/1764800000000-market-sentiment-init';
import { burst, chatter, MIN, T0 } from './tweet-fixtures';

const S = MARKET_SENTIMENT_SCHEMA;

describe('market sentiment on PostgreSQL', () => {
  beforeAll(() => setLogLevel('silent'));

  describe('migrating a schema written before the kernel', () => {
    it('moves the offsets into the kernel table and hands unpublished signals to the kernel outbox', async () => {
      const payload = (signalId: string): MarketSignalV1 => ({ ...signalOf('XYZ'), signalId });
      await afterMigrating(
        MARKET_SENTIMENT_SERVICE,
        [MarketSentimentInit1764800000000],
        async (before) => {
          await before.query(`INSERT INTO ${S}.consumer_offsets (group_id, topic, partition, last_offset) VALUES ('market-sentiment', 'social.tweet.received.v1', 1, 41)`);
          await before.query(
            `INSERT INTO ${S}.signals (signal_id, ticker, direction, payload, created_at, published_at) VALUES
               ('sent', 'XYZ', 'buy', $1, now() - interval '2 min', now()), ('held-2', 'XYZ', 'buy', $2, now(), NULL), ('held-1', 'XYZ', 'buy', $3, now() - interval '1 min', NULL)`,
            [JSON.stringify(payload('sent')), JSON.stringify(payload('held-2')), JSON.stringify(payload('held-1'))],
          );
        },
        async (after) => {
          expect(await after.query(`SELECT group_id, topic, partition, "offset" FROM ${S}.kernel_offsets`)).toEqual([
            { group_id: 'market-sentiment', topic: 'social.tweet.received.v1', partition: 1, offset: '41' },
          ]);
          expect(await after.query(`SELECT to_regclass('${S}.consumer_offsets') AS t`)).toEqual([{ t: null }]);
          const outbox = (await after.query(`SELECT topic, key, value, headers FROM ${S}.kernel_outbox ORDER BY id`)) as Array<{ topic: string; key: string; value: string; headers: Record<string, string> }>;
          expect(outbox.map((r) => [r.topic, r.key, (JSON.parse(r.value) as MarketSignalV1).signalId])).toEqual([
            [TOPICS.marketSignals, 'XYZ', 'held-1'],
            [TOPICS.marketSignals, 'XYZ', 'held-2'],
          ]);
          expect(outbox[0]!.headers).toEqual({
            [HEADERS.correlationId]: 'held-1',
            [HEADERS.schema]: TOPICS.marketSignals,
            [HEADERS.producer]: 'market-sentiment',
            [HEADERS.sourceTopic]: 'service:market-sentiment',
            [HEADERS.sourcePartition]: '-1',
            [HEADERS.sourceOffset]: '-1',
          });
          expect((await after.query(`SELECT signal_id FROM ${S}.signals ORDER BY signal_id`)).map((r: { signal_id: string }) => r.signal_id)).toEqual(['held-1', 'held-2', 'sent']);
        },
      );
    });
  });

  describe('the analysis in the consumer’s transaction', () => {
    const rule = { windowMs: 5 * MIN, bucketMs: MIN, baselineMs: 120 * MIN, minVolume: 5, minVolumeZ: 2, minAbsSentiment: 0.3, coolDownMs: 30 * MIN, tweetRetentionMs: 60 * MIN };
    const clock = new ManualClock(T0);
    // the outbox keeps what the tests stage: nothing relays it
    const rig = appUnderTest({ serviceName: 'market-sentiment', clock, settings: { outbox: { enabled: false, pollMs: 1000, batchSize: 100 } }, modules: [MarketSentimentModule.register(rule)] });
    const service = () => rig.app.app.get(MarketSentimentService);
    const database = () => rig.app.app.get(ServiceDatabase);

    /** Tweets as the kernel hands them over: prepared, each read at `firstOffset + i` of partition 1. */
    const deliveries = (tweets: readonly TweetV2[], firstOffset: number): Array<Delivery<TweetV2, PreparedTweet>> =>
      tweets.map((value, i) => {
        const message = { topic: TOPICS.tweets, partition: 1, offset: String(firstOffset + i), key: value.id, value: Buffer.alloc(0), headers: {}, timestamp: 0 } as IncomingMessage;
        return { value, message, cause: causeOf(message), prepared: service().prepare(value) };
      });
    const outbox = async () =>
      (await database().query<{ value: string; headers: Record<string, string> }>(`SELECT value, headers FROM ${S}.kernel_outbox ORDER BY id`)).map((r) => ({
        signal: JSON.parse(r.value) as MarketSignalV1,
        headers: r.headers,
      }));

    it('stages one signal in the outbox, caused by the tweet that made the rule fire', async () => {
      const tweets = [...burst('XYZ', T0, 10, 'positive', 'm1'), ...chatter(T0, 4, 'm1')];
      const outcome = await database().transaction((tx) => service().apply(tx, deliveries(tweets, 100)));
      expect(outcome).toMatchObject({ analysed: 10, duplicates: 0, withoutTicker: 2, notEnglish: 2 });
      expect(outcome.signals).toHaveLength(1);
      const [staged] = await outbox();
      expect(staged!.signal).toEqual(outcome.signals[0]);
      // the firing tweet is the newest of the signal's window
      const firing = tweets.findIndex((t) => t.id === staged!.signal.tweetIds.at(-1));
      expect(staged!.headers).toMatchObject({ [HEADERS.sourceTopic]: TOPICS.tweets, [HEADERS.sourcePartition]: '1', [HEADERS.sourceOffset]: String(100 + firing) });
      expect((await rig.app.request('GET', `/market-sentiment/tweets/${tweets[firing]!.id}`, { role: 'trading' })).body).toMatchObject({ partition: 1, offset: String(100 + firing) });
    });

    it('counts a tweet seen before under another offset once, and leaves nothing of a batch that rolls back', async () => {
      const again = burst('XYZ', T0, 3, 'positive', 'm1');
      expect(await database().transaction((tx) => service().apply(tx, deliveries([...again, again[0]!], 500)))).toMatchObject({ analysed: 0, duplicates: 4, signals: [] });

      const lost = burst('AAA', T0, 10, 'negative', 'm2');
      await expect(
        database().transaction(async (tx) => {
          expect((await service().apply(tx, deliveries(lost, 600))).signals).toHaveLength(1);
          throw new Error('crash before commit');
        }),
      ).rejects.toThrow('crash before commit');
      expect((await rig.app.request('GET', `/market-sentiment/tweets/${lost[0]!.id}`, { role: 'trading' })).status).toBe(404);
      expect((await rig.app.request('GET', '/market-sentiment/tickers/AAA', { role: 'trading' })).status).toBe(404);
      expect((await outbox()).map((r) => r.signal.ticker)).toEqual(['XYZ']);
    });

    it('prunes analysed tweets older than the retention on the injected clock', async () => {
      clock.set(T0 + 30 * MIN);
      expect(await rig.app.app.get(TweetPruneJob).run()).toBe(0);
      clock.set(T0 + 65 * MIN);
      // the burst's tweets are 10 s apart from T0: those before T0 + 5 min are gone
      expect(await rig.app.app.get(TweetPruneJob).run()).toBe(10);
      expect((await rig.app.request('GET', '/market-sentiment/tweets/m1-XYZ-0', { role: 'trading' })).status).toBe(404);
    });

    it('uses a window kept in memory only while the table holds its version: a rolled-back batch and another instance’s writes are read back', async () => {
      const first = burst('BBB', T0, 10, 'negative', 'm3');
      await expect(
        database().transaction(async (tx) => {
          await service().apply(tx, deliveries(first, 800));
          throw new Error('crash before commit');
        }),
      ).rejects.toThrow('crash before commit');
      // the rolled-back window is not reused: the same tweets fire the signal once more
      expect((await database().transaction((tx) => service().apply(tx, deliveries(first, 800)))).signals.map((s) => s.ticker)).toEqual(['BBB']);
      const second = new MarketSentimentService(rig.app.app.get(SentimentStateRepository), rig.app.app.get(MARKET_SENTIMENT_TOKENS.analyzer), rig.app.app.get(MARKET_SENTIMENT_TOKENS.options), clock);
      const byOther = burst('BBB', T0 + 100_000, 2, 'negative', 'm4');
      await database().transaction((tx) => second.apply(tx, deliveries(byOther, 810)));
      const mine = burst('BBB', T0 + 120_000, 1, 'negative', 'm5');
      await database().transaction((tx) => service().apply(tx, deliveries(mine, 812)));
      const view = (await rig.app.request('GET', '/market-sentiment/tickers/BBB', { role: 'trading' })).body as { tweetIds: string[]; volume: number };
      expect(view.tweetIds).toEqual([...first, ...byOther, ...mine].map((t) => t.id));
      expect(view.volume).toBe(13);
    });

    it('a tweet dated 2100 moves no ticker watermark: the burst after it still fires', async () => {
      const [future] = burst('FUT', Date.UTC(2100, 0, 1), 1, 'positive', 'f2100');
      expect(await database().transaction((tx) => service().apply(tx, deliveries([future!], 700)))).toMatchObject({ analysed: 0, future: 1, signals: [] });
      const outcome = await database().transaction((tx) => service().apply(tx, deliveries(burst('FUT', T0, 10, 'positive', 'f1'), 701)));
      expect(outcome.signals.map((s) => s.ticker)).toEqual(['FUT']);
    });
  });
});

function signalOf(ticker: string): MarketSignalV1 {
  return {
    signalId: `${ticker}:buy:${T0}`,
    ticker,
    direction: 'buy',
    strength: 1,
    confidence: 0.9,
    window: { start: T0 - 5 * MIN, end: T0 },
    tweetCount: 5,
    meanSentiment: 0.8,
    volumeZ: 4,
    tweetIds: ['t1'],
    model: 'finance-bayes-v1',
    emittedAt: T0,
  };
}
