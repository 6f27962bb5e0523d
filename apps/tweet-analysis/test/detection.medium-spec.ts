/**
 * Delay detection against a real PostgreSQL (no Kafka): batches applied in
 * transactions as the kernel's consumer applies them, the disruption changes
 * through the outbox with the tweet that caused each as its lineage, the
 * quiet-lines end, and the migration that moves the old offsets into the
 * kernel's table.
 */
import { HEADERS, TOPICS, type TransitDisruptionV1, type TweetV2 } from '@tsunagu/contracts';
import { ManualClock, setLogLevel } from '@tsunagu/platform';
import { TWEET_ANALYSIS_SERVICE } from '@apps/tweet-analysis';
import { testResources } from '../../../test/support/test-resources';
import { afterMigrating, delivered, type TestServiceDatabase } from '../../../test/support/kernel-fixtures';
import type { DetectionService } from '../src/detection/detection.service';
import { TweetAnalysisInit1764600000100 } from '../src/migrations/1764600000100-tweet-analysis-init';
import { TweetAnalysisQuietTimeout1764600000200 } from '../src/migrations/1764600000200-tweet-analysis-quiet-timeout';
import { detectionOptions, openDetection } from './detection-fixtures';
import { MIN, T0, yamanoteBurst } from './tweet-fixtures';

describe('delay detection (real PostgreSQL)', () => {
  const resources = testResources();
  let t: TestServiceDatabase;
  let service: DetectionService;
  const clock = new ManualClock(Date.UTC(2026, 10, 29, 9, 0, 0));
  const options = detectionOptions({ quietTimeoutMs: 10 * MIN });

  /** Tweets as one partition batch from `firstOffset`, classified first (the consumer's `prepare`). */
  const batch = (tweets: readonly TweetV2[], firstOffset: number) =>
    tweets.map((tweet, i) => ({ ...delivered(TOPICS.tweets, tweet, { partition: 1, offset: firstOffset + i }), prepared: service.analyse(tweet) }));
  const apply = (deliveries: ReturnType<typeof batch>) => t.db.transaction((tx) => service.apply(tx, deliveries));
  const relayed = async () => {
    await t.db.outbox.drain();
    return t.published.filter((p) => p.topic === TOPICS.transitDisruptions);
  };

  beforeAll(async () => {
    setLogLevel('silent');
    ({ t, service } = await openDetection(resources, options, clock));
  });

  it('a burst starts one disruption, relayed after commit, caused by the line’s newest report in the batch that crossed the threshold', async () => {
    const burst = yamanoteBurst(T0);
    const batches = [batch(burst.slice(0, 4), 0), batch(burst.slice(4, 8), 4), batch(burst.slice(8), 8)];
    let starting: ReturnType<typeof batch> | null = null;
    for (const b of batches) {
      const outcome = await apply(b);
      if (outcome.events.length > 0) starting ??= b;
    }
    expect(starting).not.toBeNull();
    expect(t.published).toHaveLength(0);

    const [record] = await relayed();
    const started = JSON.parse(String(record!.message.value)) as TransitDisruptionV1;
    expect(started).toMatchObject({ status: 'started', lineId: 'jr-yamanote' });
    const newest = starting!.filter((d) => d.prepared.some((r) => r.lineId === 'jr-yamanote')).reduce((a, b) => (b.value.createdAt >= a.value.createdAt ? b : a));
    expect(record!.message.headers).toMatchObject({
      [HEADERS.sourceTopic]: TOPICS.tweets,
      [HEADERS.sourcePartition]: '1',
      [HEADERS.sourceOffset]: newest.message.offset,
      [HEADERS.correlationId]: started.disruptionId,
      [HEADERS.producer]: 'tweet-analysis',
    });
    expect(record!.message.key).toBe('jr-yamanote');
  });

  it('the same tweets under new offsets add no report and no change', async () => {
    const outcome = await apply(batch(yamanoteBurst(T0), 100));
    expect(outcome).toMatchObject({ reports: 0, events: [] });
    expect(outcome.duplicates).toBeGreaterThan(0);
    expect(await relayed()).toHaveLength(1);
  });

  it('ends a line quiet for the timeout once, with the job as its cause', async () => {
    clock.advance(options.quietTimeoutMs - 1);
    expect(await service.endQuietLines({ topic: 'job:quiet-lines' })).toEqual([]);
    clock.advance(1);
    const [ended] = await service.endQuietLines({ topic: 'job:quiet-lines' });
    expect(ended).toMatchObject({ status: 'ended', lineId: 'jr-yamanote', endedAt: clock.now() });
    expect(await service.endQuietLines({ topic: 'job:quiet-lines' })).toEqual([]);
    const records = await relayed();
    expect(records).toHaveLength(2);
    expect(records[1]!.message.headers).toMatchObject({ [HEADERS.sourceTopic]: 'job:quiet-lines', [HEADERS.sourcePartition]: '-1', [HEADERS.correlationId]: ended!.disruptionId });
  });
});

describe('tweet-analysis migrations (real PostgreSQL)', () => {
  it('move the stored offsets into the kernel’s table under the consumer group', () =>
    afterMigrating(
      TWEET_ANALYSIS_SERVICE,
      [TweetAnalysisInit1764600000100, TweetAnalysisQuietTimeout1764600000200],
      (db) => db.query(`INSERT INTO tweet_analysis.partition_offsets (topic, partition, last_offset) VALUES ('social.tweet.received.v1', 0, 41), ('social.tweet.received.v1', 2, 7)`),
      async (db) => {
        expect(await db.query(`SELECT group_id, topic, partition, "offset" FROM tweet_analysis.kernel_offsets ORDER BY partition`)).toEqual([
          { group_id: 'tweet-analysis', topic: 'social.tweet.received.v1', partition: 0, offset: '41' },
          { group_id: 'tweet-analysis', topic: 'social.tweet.received.v1', partition: 2, offset: '7' },
        ]);
        expect(await db.query(`SELECT to_regclass('tweet_analysis.partition_offsets') AS t`)).toEqual([{ t: null }]);
      },
    ));
});
