/**
 * Train-delay detection end to end against a real Kafka and a real PostgreSQL:
 * tweets produced straight onto the tweet topic, vehicle states onto the
 * vehicle-state topic; tweet analysis emits disruptions, dispatch (a second
 * service on the same bus) sends the nearest free vehicles. The tweets'
 * createdAt is the analysis clock.
 */
import { Client } from 'pg';
import { TOPICS, type TransitDisruptionV1, type TweetV1, type VehicleStateV1 } from '@tsunagu/contracts';
import type { KafkaBus } from '@tsunagu/platform';
import { startApp, type RunningApp } from '../../../test/support/app-harness';
import { collectTopic, createTestBus, createTestDatabase, expectEventually, uniqueId } from '../../../test/support/test-env';
import { DISPATCH } from '../../dispatch/src/dispatch.constants';
import { DispatchModule } from '../../dispatch/src/dispatch.module';
import { north, rewindGroup, stationPosition, vehicle } from '../../dispatch/test/dispatch-fixtures';
import { QuietLinesSweeper } from '../src/detection/quiet-lines.sweeper';
import { TWEET_ANALYSIS } from '../src/tweet-analysis.constants';
import { TweetAnalysisModule } from '../src/tweet-analysis.module';
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

interface Pipeline {
  bus: KafkaBus;
  db: { url: string; drop(): Promise<void> };
  analysis: RunningApp | null;
  dispatch: RunningApp | null;
  produced: number;
}

async function openPipeline(prefix: string): Promise<Pipeline> {
  const bus = createTestBus(uniqueId(prefix));
  await bus.ensureTopics([TOPICS.tweets, TOPICS.transitDisruptions]);
  await bus.ensureTopics([TOPICS.vehicleState], { compacted: true });
  return { bus, db: await createTestDatabase(), analysis: null, dispatch: null, produced: 0 };
}

const startAnalysis = (p: Pipeline) => startApp({ serviceName: 'tweet-analysis', bus: p.bus, databaseUrl: p.db.url, modules: [TweetAnalysisModule] });
const startDispatch = (p: Pipeline) =>
  startApp({ serviceName: 'dispatch', bus: p.bus, databaseUrl: p.db.url, modules: [DispatchModule.register({ vehiclesPerStation: 2, maxDistanceM: 30_000 })] });

async function publishTweets(p: Pipeline, tweets: TweetV1[]): Promise<void> {
  await p.bus.publish(TOPICS.tweets, tweets.map((t) => ({ key: t.id, value: JSON.stringify(t) })));
  p.produced += tweets.length;
}

async function publishVehicles(p: Pipeline, states: VehicleStateV1[]): Promise<void> {
  await p.bus.publish(TOPICS.vehicleState, states.map((s) => ({ key: s.vehicleId, value: JSON.stringify(s) })));
}

/** Tweets whose effects tweet analysis has committed (its stored offsets: a fresh topic starts at 0). */
async function processedTweets(p: Pipeline): Promise<number> {
  const c = new Client({ connectionString: p.db.url });
  await c.connect();
  try {
    const r = await c.query(`SELECT coalesce(sum(last_offset + 1), 0)::int AS n FROM tweet_analysis.partition_offsets`);
    return r.rows[0].n as number;
  } finally {
    await c.end();
  }
}

async function closePipeline(p: Pipeline): Promise<void> {
  await p.analysis?.close();
  await p.dispatch?.close();
  await p.bus.close();
  await p.db.drop();
}

describe('tweet analysis → dispatch', () => {
  let p: Pipeline;
  const shinjuku = stationPosition('shinjuku');
  const shibuya = stationPosition('shibuya');

  beforeAll(async () => {
    p = await openPipeline('ta-');
    [p.analysis, p.dispatch] = await Promise.all([startAnalysis(p), startDispatch(p)]);
  });

  afterAll(async () => {
    if (p) await closePipeline(p);
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
    const burst = yamanoteBurst(T0);
    // chatter from 10 minutes before the burst to its end; then the first third of the burst (below the threshold)
    await publishTweets(p, chatter(T0 - 10 * MIN, 25_000));
    await publishTweets(p, burst.slice(0, 4));
    await expectEventually(async () => expect(await processedTweets(p)).toBe(p.produced));
    expect(disruptions.messages).toHaveLength(0);

    // both services stop mid-stream; their groups are rewound to the start (offsets lost in a crash)
    await Promise.all([p.analysis!.close(), p.dispatch!.close()]);
    await rewindGroup(p.bus, TWEET_ANALYSIS.consumerGroup, TOPICS.tweets);
    await rewindGroup(p.bus, DISPATCH.vehiclesGroup, TOPICS.vehicleState);
    // the rest of the burst arrives while they are down, plus duplicates of tweets already seen (same ids)
    await publishTweets(p, [...burst.slice(4), ...burst.slice(0, 3)]);
    [p.analysis, p.dispatch] = await Promise.all([startAnalysis(p), startDispatch(p)]);

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
      const res = await p.dispatch!.request('GET', '/dispatch/assignments?active=true', { role: 'dispatch' });
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
      const active = await p.dispatch!.request('GET', '/dispatch/assignments?active=true', { role: 'dispatch' });
      expect(active.body.items).toHaveLength(0);
    });
    const all = await p.dispatch!.request('GET', '/dispatch/assignments', { role: 'dispatch' });
    expect(all.body.items).toHaveLength(4);

    const log = await p.analysis!.request('GET', '/tweet-analysis/disruptions', { role: 'operator' });
    expect(log.body.items.map((d: { status: string }) => d.status).sort()).toEqual(['ended', 'started']);
    await disruptions.stop();
  });
});

describe('tweet analysis: unrelated chatter', () => {
  let p: Pipeline;

  beforeAll(async () => {
    p = await openPipeline('tc-');
    p.analysis = await startAnalysis(p);
  });

  afterAll(async () => {
    if (p) await closePipeline(p);
  });

  it('yields no disruption, and dead-letters a malformed tweet', async () => {
    const disruptions = await collectTopic(p.bus, [TOPICS.transitDisruptions, `${TOPICS.tweets}.dlq`]);
    await publishTweets(p, [...chatter(T0, 15_000), ...chatter(T0 + 6 * MIN, 15_000, 'again')]);
    await p.bus.publish(TOPICS.tweets, [{ key: 'bad', value: JSON.stringify({ id: 'bad', text: '山手線 止まってる' }) }]);
    p.produced += 1;
    await expectEventually(async () => expect(disruptions.json(`${TOPICS.tweets}.dlq`)).toHaveLength(1));
    // the malformed one never reaches the detector; everything else is committed
    await expectEventually(async () => expect(await processedTweets(p)).toBeGreaterThanOrEqual(p.produced - 1));
    expect(disruptions.json(TOPICS.transitDisruptions)).toEqual([]);
    const lines = await p.analysis!.request('GET', '/tweet-analysis/lines', { role: 'operator' });
    expect(lines.status).toBe(200);
    expect(lines.body.items.every((l: { activeDisruptionId: string | null }) => l.activeDisruptionId === null)).toBe(true);
    await disruptions.stop();
  });

  it('counts a duplicated tweet once', async () => {
    const dup = tweet('dup-1', '山手線 止まってる 新宿', T0 + 20 * MIN);
    await publishTweets(p, [dup, dup, dup]);
    await expectEventually(async () => expect(await processedTweets(p)).toBeGreaterThanOrEqual(p.produced - 1));
    const c = new Client({ connectionString: p.db.url });
    await c.connect();
    const r = await c.query(`SELECT count(*)::int AS n FROM tweet_analysis.delay_reports WHERE tweet_id = 'dup-1'`);
    await c.end();
    expect(r.rows[0].n).toBe(1);
  });
});

describe('tweet analysis: wall-clock quiet timeout', () => {
  let p: Pipeline;
  // the fake wall clock of the quiet timeout; the tweets' createdAt stay the detection clock
  let wall = Date.now();
  const clock = { now: () => wall };
  const quietTimeoutMs = 10 * MIN;
  const startQuiet = (q: Pipeline) =>
    startApp({ serviceName: 'tweet-analysis', bus: q.bus, databaseUrl: q.db.url, modules: [TweetAnalysisModule.register({ quietTimeoutMs, quietCheckIntervalMs: 200, clock })] });

  beforeAll(async () => {
    p = await openPipeline('tq-');
    p.analysis = await startQuiet(p);
  });

  afterAll(async () => {
    if (p) await closePipeline(p);
  });

  it('ends a disruption whose reports stop although no newer tweet arrives; restarts and redeliveries repeat nothing', async () => {
    const disruptions = await collectTopic(p.bus, [TOPICS.transitDisruptions]);
    const statuses = () => disruptions.json<TransitDisruptionV1>().map((e) => e.status);
    const burst = yamanoteBurst(T0, 'q');
    await publishTweets(p, burst);
    await expectEventually(() => expect(statuses()).toEqual(['started']), { timeoutMs: 60_000 });
    const started = disruptions.json<TransitDisruptionV1>()[0]!;
    const reportedAt = wall;

    // the stream goes silent: the tweet clock stands still; nine minutes of wall clock are not enough
    wall += quietTimeoutMs - MIN;
    expect(await p.analysis!.app.get(QuietLinesSweeper).runOnce()).toBe(0);
    const lines = (await p.analysis!.request('GET', '/tweet-analysis/lines', { role: 'operator' })).body;
    expect(lines.quietTimeoutMs).toBe(quietTimeoutMs);
    expect(lines.items.find((l: { lineId: string }) => l.lineId === 'jr-yamanote')).toMatchObject({
      activeDisruptionId: started.disruptionId,
      lastReportWallMs: reportedAt,
      quietEndDueAt: reportedAt + quietTimeoutMs,
    });

    // ten minutes: the timer ends it
    wall += MIN;
    await expectEventually(() => expect(statuses()).toEqual(['started', 'ended']));
    const ended = disruptions.json<TransitDisruptionV1>()[1]!;
    // tweets are keyed by id, so partitions interleave: the start is wherever the burst crossed the threshold
    expect(started.startedAt).toBeGreaterThanOrEqual(T0);
    expect(ended).toMatchObject({ disruptionId: started.disruptionId, lineId: 'jr-yamanote', startedAt: started.startedAt, endedAt: wall, emittedAt: wall });
    expect(disruptions.messages[1]!.key).toBe('jr-yamanote');

    // restarted with its offsets lost, the same tweets delivered again, and much more wall clock: nothing new
    await p.analysis!.close();
    p.analysis = null;
    await rewindGroup(p.bus, TWEET_ANALYSIS.consumerGroup, TOPICS.tweets);
    await publishTweets(p, burst);
    p.analysis = await startQuiet(p);
    await expectEventually(async () => expect(await processedTweets(p)).toBe(p.produced), { timeoutMs: 40_000 });
    wall += 3 * quietTimeoutMs;
    expect(await p.analysis.app.get(QuietLinesSweeper).runOnce()).toBe(0);
    expect(statuses()).toEqual(['started', 'ended']);
    const log = (await p.analysis.request('GET', '/tweet-analysis/disruptions?pageSize=1', { role: 'dispatch' })).body;
    expect(log).toMatchObject({ page: 1, pageSize: 1, total: 2 });
    expect(log.items).toEqual([expect.objectContaining({ disruptionId: started.disruptionId, status: 'ended' })]);
    const lineAfter = (await p.analysis.request('GET', '/tweet-analysis/lines', { role: 'operator' })).body.items.find((l: { lineId: string }) => l.lineId === 'jr-yamanote');
    expect(lineAfter).toMatchObject({ activeDisruptionId: null, quietEndDueAt: null });

    // a new burst later in tweet time is a new disruption with its own id
    await publishTweets(p, yamanoteBurst(T0 + 30 * MIN, 'q2'));
    await expectEventually(() => expect(statuses()).toEqual(['started', 'ended', 'started']));
    expectStartWithinBurst(disruptions.json<TransitDisruptionV1>()[2]!, T0 + 30 * MIN);
    await disruptions.stop();
  });
});
