/**
 * Train-delay detection end to end against a real Kafka and a real PostgreSQL:
 * tweets produced straight onto the tweet topic, vehicle states onto the
 * vehicle-state topic; tweet analysis emits disruptions, dispatch (a second
 * service on the same bus) sends the nearest free vehicles. The tweets'
 * createdAt is the analysis clock.
 */
import { deadLetterTopicOf, TOPICS, type TransitDisruptionV1, type TweetV2 } from '@tsunagu/contracts';
import { ManualClock, type Cause, type IncomingMessage } from '@tsunagu/platform';
import { collectTopic, expectEventually } from '../../../test/support/test-env';
import { testResources } from '../../../test/support/test-resources';
import { DISPATCH, type AssignmentLineage } from '@apps/dispatch';
import { QuietLinesJob, TWEET_ANALYSIS } from '@apps/tweet-analysis';
import { north, rewindGroup, stationPosition, vehicle } from '../../dispatch/test/dispatch-fixtures';
import { openPipeline, processedTweets, publishTweets, publishVehicles, type Pipeline } from './pipeline';
import { chatter, MIN, T0, tweet, yamanoteBurst } from './tweet-fixtures';

/**
 * Tweets are keyed by tweet id, so a burst spreads over every partition and the
 * partitions interleave: the disruption starts at the earliest report seen when the
 * threshold was crossed, somewhere inside the burst, and its id carries that time.
 */
function expectStartWithinBurst(event: TransitDisruptionV1, burstStart: number): void {
  expect(event.startedAt).toBeGreaterThanOrEqual(burstStart);
  expect(event.startedAt).toBeLessThan(burstStart + 20 * MIN);
  expect(event.disruptionId).toBe(`jr-yamanote:${event.startedAt}`);
}

describe('tweet analysis → dispatch', () => {
  const resources = testResources();
  let p: Pipeline;
  const shinjuku = stationPosition('shinjuku');
  const shibuya = stationPosition('shibuya');

  beforeAll(async () => {
    p = await openPipeline(resources, 'ta-');
    await Promise.all([p.analysis.start(), p.dispatch.start()]);
  });

  it('a replayed burst of Japanese delay tweets about one line yields one disruption; dispatch sends the nearest free vehicles; restarts lose and repeat nothing', async () => {
    const disruptions = await collectTopic(p.bus, [TOPICS.transitDisruptions]);
    await publishVehicles(p, [
      vehicle('v-sj-crashed', north(shinjuku, 40), 'incident'),
      vehicle('v-sj-1', north(shinjuku, 150)),
      vehicle('v-sj-2', north(shinjuku, 500), 'moving'),
      vehicle('v-sj-3', north(shinjuku, 1500)),
      vehicle('v-sb-1', north(shibuya, -250)),
      vehicle('v-sb-2', north(shibuya, -700)),
      vehicle('v-far', stationPosition('tachikawa')),
    ]);
    // dispatch knows the fleet before the burst (so its assignments follow the disruption's start)
    await expectEventually(async () => expect((await p.dispatch.app.request('GET', '/dispatch/vehicles', { role: 'dispatch' })).body.total).toBe(7));
    const burst = yamanoteBurst(T0);
    // chatter from 10 minutes before the burst to its end; then the first third of the burst (below the threshold)
    await publishTweets(p, chatter(T0 - 10 * MIN, 25_000));
    await publishTweets(p, burst.slice(0, 4));
    await expectEventually(async () => expect(await processedTweets(p)).toBe(p.produced));
    expect(disruptions.messages).toHaveLength(0);

    // both services stop mid-stream; their Kafka groups are rewound to the start (a crash before the Kafka commit):
    // the offsets stored with the effects skip what was done
    await Promise.all([p.analysis.stop(), p.dispatch.stop()]);
    await rewindGroup(p.bus, TWEET_ANALYSIS.consumerGroup, TOPICS.tweets);
    await rewindGroup(p.bus, DISPATCH.vehiclesGroup, TOPICS.vehicleState);
    // the rest of the burst arrives while they are down, plus duplicates of tweets already seen (same ids)
    await publishTweets(p, [...burst.slice(4), ...burst.slice(0, 3)]);
    await Promise.all([p.analysis.start(), p.dispatch.start()]);

    await expectEventually(async () => expect(await processedTweets(p)).toBe(p.produced), { timeoutMs: 40000 });
    const started = await expectEventually(() => {
      const events = disruptions.json<TransitDisruptionV1>();
      expect(events).toHaveLength(1);
      return events[0]!;
    });
    expect(started).toMatchObject({ status: 'started', lineId: 'jr-yamanote', lineName: 'JR山手線', kind: 'suspension' });
    expectStartWithinBurst(started, T0);
    expect(started.stations.map((s) => s.id).sort()).toEqual(['shibuya', 'shinjuku']);
    expect(started.confidence).toBeGreaterThan(0.6);
    expect(started.sampleTweets.length).toBeGreaterThan(0);
    expect(disruptions.messages[0]!.key).toBe('jr-yamanote');

    await expectEventually(async () => {
      const res = await p.dispatch.app.request('GET', '/dispatch/assignments?active=true', { role: 'dispatch' });
      const pairs = (res.body.items as Array<{ requestId: string; vehicleId: string }>).map((a) => `${a.requestId.split('@')[1]}=${a.vehicleId}`).sort();
      expect(pairs).toEqual(['shibuya=v-sb-1', 'shibuya=v-sb-2', 'shinjuku=v-sj-1', 'shinjuku=v-sj-2']);
    });

    // the reports subside: tweet time moves on with chatter only, the disruption ends and the vehicles are released
    await publishTweets(p, chatter(T0 + 30 * MIN, 10_000, 'late'));
    await expectEventually(() => {
      expect(disruptions.json<TransitDisruptionV1>().map((e) => e.status)).toEqual(['started', 'ended']);
    });
    const ended = disruptions.json<TransitDisruptionV1>()[1]!;
    expect(ended.disruptionId).toBe(started.disruptionId);
    expect(ended.endedAt).toBeGreaterThanOrEqual(T0 + 30 * MIN);
    await expectEventually(async () => {
      const active = await p.dispatch.app.request('GET', '/dispatch/assignments?active=true', { role: 'dispatch' });
      expect(active.body.items).toHaveLength(0);
    });
    const all = await p.dispatch.app.request('GET', '/dispatch/assignments', { role: 'dispatch' });
    expect(all.body.items).toHaveLength(4);

    const log = await p.analysis.app.request('GET', '/tweet-analysis/disruptions', { role: 'operator' });
    expect(log.body.items.map((d: { status: string }) => d.status).sort()).toEqual(['ended', 'started']);
    await disruptions.stop();
  });

  it('an assignment leads back through the disruption’s records on Kafka to the tweets behind them', async () => {
    const [disruptions, tweets] = await Promise.all([collectTopic(p.bus, [TOPICS.transitDisruptions]), collectTopic(p.bus, [TOPICS.tweets])]);
    /** The value of the Kafka record a lineage names, found by its partition and offset. */
    const recordAt = <T>(collected: { messages: IncomingMessage[] }, cause: Cause | null | undefined): Promise<T> =>
      expectEventually(() => {
        const m = collected.messages.find((r) => r.topic === cause?.topic && r.partition === cause.partition && r.offset === cause.offset);
        expect(m).toBeDefined();
        return JSON.parse(m!.value.toString('utf8')) as T;
      });
    const assignments = (await p.dispatch.app.request('GET', '/dispatch/assignments', { role: 'dispatch' })).body.items as Array<{ assignmentId: string; vehicleId: string }>;
    const assignment = assignments.find((a) => a.vehicleId === 'v-sj-1')!;
    const res = await p.dispatch.app.request('GET', `/dispatch/assignments/${assignment.assignmentId}/lineage`, { role: 'operator' });
    expect(res.status).toBe(200);
    const lineage = res.body as AssignmentLineage;
    expect(lineage.assignment).toMatchObject({ assignmentId: assignment.assignmentId, vehicleId: 'v-sj-1', releaseReason: 'disruption-ended' });
    expect(lineage.disruption).toMatchObject({ lineId: 'jr-yamanote', stationId: 'shinjuku', status: 'ended' });

    // the disruption's `started` record on Kafka is the start of this very disruption, and the assignment was made after it
    const { started, ended } = lineage.disruption;
    expect(started!.record.topic).toBe(TOPICS.transitDisruptions);
    const startedEvent = await recordAt<TransitDisruptionV1>(disruptions, started!.record);
    expect(startedEvent).toMatchObject({ status: 'started', disruptionId: lineage.disruption.disruptionId });
    expect(lineage.disruption.sampleTweetIds).toEqual(startedEvent.sampleTweets.map((t) => t.id));
    expect(lineage.trigger).toEqual(started);
    // the tweet whose arrival made tweet analysis emit the start: one of the burst's Yamanote reports
    expect(started!.source!.topic).toBe(TOPICS.tweets);
    const startTweet = await recordAt<TweetV2>(tweets, started!.source);
    expect(yamanoteBurst(T0).map((t) => t.id)).toContain(startTweet.id);
    expect(startTweet.text).toMatch(/山手線|ヤマノテ/);
    // the end: its record, caused by a later tweet that moved tweet time past the burst's window
    expect(await recordAt<TransitDisruptionV1>(disruptions, ended!.record)).toMatchObject({ status: 'ended', disruptionId: lineage.disruption.disruptionId });
    expect((await recordAt<TweetV2>(tweets, ended!.source)).id).toMatch(/^late/);
    await Promise.all([disruptions.stop(), tweets.stop()]);

    expect((await p.dispatch.app.request('GET', '/dispatch/assignments/999999/lineage', { role: 'dispatch' })).status).toBe(404);
    expect((await p.dispatch.app.request('GET', '/dispatch/assignments/nope/lineage', { role: 'dispatch' })).status).toBe(404);
    expect((await p.dispatch.app.request('GET', `/dispatch/assignments/${assignment.assignmentId}/lineage`, { role: 'trading' })).status).toBe(403);
  });
});

describe('tweet analysis: unrelated chatter', () => {
  const resources = testResources();
  let p: Pipeline;

  beforeAll(async () => {
    p = await openPipeline(resources, 'tc-');
    await p.analysis.start();
  });

  it('yields no disruption, and dead-letters a malformed tweet', async () => {
    const disruptions = await collectTopic(p.bus, [TOPICS.transitDisruptions, deadLetterTopicOf(TOPICS.tweets)]);
    await publishTweets(p, [...chatter(T0, 15_000), ...chatter(T0 + 6 * MIN, 15_000, 'again')]);
    await p.bus.publish(TOPICS.tweets, [{ key: 'bad', value: JSON.stringify({ id: 'bad', text: '山手線 止まってる' }) }]);
    p.produced += 1;
    await expectEventually(async () => expect(disruptions.json(deadLetterTopicOf(TOPICS.tweets))).toHaveLength(1));
    // the malformed one never reaches the detector; everything else is committed
    await expectEventually(async () => expect(await processedTweets(p)).toBeGreaterThanOrEqual(p.produced - 1));
    expect(disruptions.json(TOPICS.transitDisruptions)).toEqual([]);
    const lines = await p.analysis.app.request('GET', '/tweet-analysis/lines', { role: 'operator' });
    expect(lines.status).toBe(200);
    expect(lines.body.items.every((l: { activeDisruptionId: string | null }) => l.activeDisruptionId === null)).toBe(true);
    await disruptions.stop();
  });

  it('counts a duplicated tweet once', async () => {
    const dup = tweet('dup-1', '山手線 止まってる 新宿', T0 + 20 * MIN);
    await publishTweets(p, [dup, dup, dup]);
    await expectEventually(async () => expect(await processedTweets(p)).toBeGreaterThanOrEqual(p.produced - 1));
    const r = await p.pg.query(`SELECT count(*)::int AS n FROM tweet_analysis.delay_reports WHERE tweet_id = 'dup-1'`);
    expect(r.rows[0].n).toBe(1);
  });
});

describe('tweet analysis: wall-clock quiet timeout', () => {
  const resources = testResources();
  let p: Pipeline;
  // the wall clock of the quiet timeout, moved by hand; the tweets' createdAt stay the detection clock
  const clock = new ManualClock(Date.now());
  const quietTimeoutMs = 10 * MIN;

  beforeAll(async () => {
    p = await openPipeline(resources, 'tq-', { settings: { quietTimeoutMs, quietCheckIntervalMs: 200 }, clock });
    await p.analysis.start();
  });

  it('ends a disruption whose reports stop although no newer tweet arrives; restarts and redeliveries repeat nothing', async () => {
    const disruptions = await collectTopic(p.bus, [TOPICS.transitDisruptions]);
    const statuses = () => disruptions.json<TransitDisruptionV1>().map((e) => e.status);
    const burst = yamanoteBurst(T0, 'q');
    await publishTweets(p, burst);
    await expectEventually(() => expect(statuses()).toEqual(['started']), { timeoutMs: 60_000 });
    const started = disruptions.json<TransitDisruptionV1>()[0]!;
    // the start may come from one partition while the burst's rest is still on its way in the others
    await expectEventually(async () => expect(await processedTweets(p)).toBe(p.produced));
    const reportedAt = clock.now();

    // the stream goes silent: the tweet clock stands still; nine minutes of wall clock are not enough
    clock.advance(quietTimeoutMs - MIN);
    expect(await p.analysis.app.app.get(QuietLinesJob).run()).toBe(0);
    const lines = (await p.analysis.app.request('GET', '/tweet-analysis/lines', { role: 'operator' })).body;
    expect(lines.quietTimeoutMs).toBe(quietTimeoutMs);
    expect(lines.items.find((l: { lineId: string }) => l.lineId === 'jr-yamanote')).toMatchObject({
      activeDisruptionId: started.disruptionId,
      lastReportWallMs: reportedAt,
      quietEndDueAt: reportedAt + quietTimeoutMs,
    });

    // ten minutes: the timer ends it
    clock.advance(MIN);
    await expectEventually(() => expect(statuses()).toEqual(['started', 'ended']));
    const ended = disruptions.json<TransitDisruptionV1>()[1]!;
    // tweets are keyed by id, so partitions interleave: the start is wherever the burst crossed the threshold
    expect(started.startedAt).toBeGreaterThanOrEqual(T0);
    expect(ended).toMatchObject({ disruptionId: started.disruptionId, lineId: 'jr-yamanote', startedAt: started.startedAt, endedAt: clock.now(), emittedAt: clock.now() });
    expect(disruptions.messages[1]!.key).toBe('jr-yamanote');

    // restarted with its Kafka offsets rewound, the same tweets delivered again, and much more wall clock: nothing new
    await p.analysis.stop();
    await rewindGroup(p.bus, TWEET_ANALYSIS.consumerGroup, TOPICS.tweets);
    await publishTweets(p, burst);
    await p.analysis.start();
    await expectEventually(async () => expect(await processedTweets(p)).toBe(p.produced), { timeoutMs: 40_000 });
    clock.advance(3 * quietTimeoutMs);
    expect(await p.analysis.app.app.get(QuietLinesJob).run()).toBe(0);
    expect(statuses()).toEqual(['started', 'ended']);
    const log = (await p.analysis.app.request('GET', '/tweet-analysis/disruptions?pageSize=1', { role: 'dispatch' })).body;
    expect(log).toMatchObject({ page: 1, pageSize: 1, total: 2 });
    expect(log.items).toEqual([expect.objectContaining({ disruptionId: started.disruptionId, status: 'ended' })]);
    const lineAfter = (await p.analysis.app.request('GET', '/tweet-analysis/lines', { role: 'operator' })).body.items.find((l: { lineId: string }) => l.lineId === 'jr-yamanote');
    expect(lineAfter).toMatchObject({ activeDisruptionId: null, quietEndDueAt: null });

    // a new burst later in tweet time is a new disruption with its own id
    await publishTweets(p, yamanoteBurst(T0 + 30 * MIN, 'q2'));
    await expectEventually(() => expect(statuses()).toEqual(['started', 'ended', 'started']));
    expectStartWithinBurst(disruptions.json<TransitDisruptionV1>()[2]!, T0 + 30 * MIN);
    await disruptions.stop();
  });
});
