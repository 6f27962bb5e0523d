/**
 * The analysis clock per line and bounded by the wall clock (real PostgreSQL, no
 * Kafka). A tweet dated in the year 2100 that reaches the topic (the door refuses
 * it, another producer may not) used to move one clock shared by every line
 * (`GREATEST` over all tweets): every later report fell out of the window and no
 * disruption was ever detected again. A line whose tweets arrive late (its
 * partition lagging behind) was likewise judged against other lines' newer time.
 */
import { TOPICS, type TweetV2 } from '@tsunagu/contracts';
import { ManualClock, setLogLevel } from '@tsunagu/platform';
import { testResources } from '../../../test/support/test-resources';
import { delivered, type TestServiceDatabase } from '../../../test/support/kernel-fixtures';
import { DetectionRepository } from '../src/detection/detection.repository';
import type { DetectionService } from '../src/detection/detection.service';
import { detectionOptions, openDetection } from './detection-fixtures';
import { MIN, T0, tweet, yamanoteBurst } from './tweet-fixtures';

describe('tweet analysis: per-line clocks bounded by the wall clock (real PostgreSQL)', () => {
  const resources = testResources();
  let t: TestServiceDatabase;
  let service: DetectionService;
  let offset = 0;
  const clock = new ManualClock(T0 + 2 * 60 * MIN);
  const options = detectionOptions();

  const apply = (tweets: readonly TweetV2[]) =>
    t.db.transaction((tx) =>
      service.apply(
        tx,
        tweets.map((tw) => ({ ...delivered(TOPICS.tweets, tw, { partition: 0, offset: offset++ }), prepared: service.analyse(tw) })),
      ),
    );
  const startedLines = async () => (await new DetectionRepository(t.db).listDisruptions({ status: 'started', page: 1, pageSize: 50 })).items.map((d) => d.lineId).sort();

  // a fresh database per test (each closed after the file)
  beforeEach(async () => {
    setLogLevel('silent');
    ({ t, service } = await openDetection(resources, options, clock));
  });

  it('a tweet from the year 2100 blinds no line: it is not counted and the burst after it is detected', async () => {
    const future = await apply([tweet('f1', '京王線 遅れてる、明大前', Date.UTC(2100, 0, 1))]);
    expect(future).toMatchObject({ future: 1, reports: 0 });
    await apply(yamanoteBurst(T0 + 60 * MIN, 'y'));
    expect(await startedLines()).toEqual(['jr-yamanote']);
  });

  it('a tweet a little ahead (within the skew) moves the clock by that much only', async () => {
    await apply([tweet('s1', '京王線 遅れてる、明大前', clock.now() + options.maxClockSkewMs)]);
    await apply(yamanoteBurst(clock.now() - 2 * MIN, 'y'));
    expect(await startedLines()).toEqual(['jr-yamanote']);
  });

  it('a line whose tweets arrive late is judged on its own clock, not on another line’s newer tweets', async () => {
    // another line's stream is an hour ahead of the Yamanote tweets that follow
    await apply([tweet('k1', '京王線 遅れてる、明大前', T0 + 60 * MIN), tweet('k2', '京王線 遅延 明大前', T0 + 61 * MIN, 'keio_2')]);
    await apply(yamanoteBurst(T0, 'late'));
    expect(await startedLines()).toEqual(['jr-yamanote']);
  });
});
