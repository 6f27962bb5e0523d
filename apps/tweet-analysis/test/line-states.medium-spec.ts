/**
 * The detector states the service keeps in memory (StateCache), against a real
 * PostgreSQL: a copy is used only while the stored row carries the version its
 * write drew, so another instance's writes and a rolled-back batch are never
 * lost or replayed.
 */
import { TOPICS, type TweetV2 } from '@tsunagu/contracts';
import { LineBurstDetector } from '@tsunagu/tweet-analysis';
import { ManualClock, setLogLevel } from '@tsunagu/platform';
import { testResources } from '../../../test/support/test-resources';
import { delivered, type TestServiceDatabase } from '../../../test/support/kernel-fixtures';
import type { DetectionService } from '../src/detection/detection.service';
import { DetectionRepository } from '../src/detection/detection.repository';
import { detectionOptions, detectionService, openDetection } from './detection-fixtures';
import { T0, yamanoteBurst } from './tweet-fixtures';

describe('detector states in memory (real PostgreSQL)', () => {
  const resources = testResources();
  const clock = new ManualClock(Date.UTC(2026, 10, 29, 9, 0, 0));
  const options = detectionOptions();
  let t: TestServiceDatabase;
  let first: DetectionService;
  let offset = 0;

  const apply = (service: DetectionService, tweets: readonly TweetV2[]) =>
    t.db.transaction((tx) => service.apply(tx, tweets.map((tweet) => ({ ...delivered(TOPICS.tweets, tweet, { partition: 0, offset: offset++ }), prepared: service.analyse(tweet) }))));
  const storedRecent = async (lineId: string) => {
    const rows = await new DetectionRepository(t.db).listLineStates(new LineBurstDetector(options.burst));
    return rows.find((r) => r.lineId === lineId)?.state.recent.map((r) => r.id) ?? [];
  };

  beforeAll(async () => {
    setLogLevel('silent');
    ({ t, service: first } = await openDetection(resources, options, clock));
  });

  it('a line another instance wrote since is read from the table', async () => {
    const second = detectionService(t.db, options, clock);
    const burst = yamanoteBurst(T0, 'x');
    await apply(first, burst.slice(0, 2));
    await apply(second, burst.slice(2, 4));
    await apply(first, burst.slice(4, 6));
    expect(await storedRecent('jr-yamanote')).toEqual(burst.slice(0, 6).map((b) => b.id));
  });

  it('a batch rolled back leaves no trace in the copy kept in memory', async () => {
    const burst = yamanoteBurst(T0 + 60_000, 'y');
    await expect(
      t.db.transaction(async (tx) => {
        await first.apply(tx, burst.slice(0, 2).map((tweet) => ({ ...delivered(TOPICS.tweets, tweet, { partition: 0, offset: offset++ }), prepared: first.analyse(tweet) })));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const before = await storedRecent('jr-yamanote');
    await apply(first, burst.slice(2, 3));
    expect(await storedRecent('jr-yamanote')).toEqual([...before, burst[2]!.id]);
  });
});
