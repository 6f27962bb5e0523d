/**
 * The pipeline of pair 4's integration tests: a bus with its own topics, a
 * database, and tweet analysis and dispatch as separate apps on them, each on a bus
 * of its own so a test stops and starts it like a separate process.
 */
import type { Client } from 'pg';
import { TOPICS, type TweetV2, type VehicleStateV1 } from '@tsunagu/contracts';
import type { Clock, KafkaBus } from '@tsunagu/platform';
import { createTestBus, uniqueId } from '../../../test/support/test-env';
import type { RestartableApp, TestDatabase, TestResources } from '../../../test/support/test-resources';
import { DispatchModule } from '@apps/dispatch';
import { TWEET_ANALYSIS, TweetAnalysisModule } from '@apps/tweet-analysis';

export interface Pipeline {
  /** the test's own bus: what it publishes and collects */
  readonly bus: KafkaBus;
  readonly db: TestDatabase;
  readonly pg: Client;
  /** not started: `start()` them */
  readonly analysis: RestartableApp;
  readonly dispatch: RestartableApp;
  produced: number;
}

/** Opens the pipeline's bus, topics and database (closed by `resources`); the analysis with `analysis` settings and wall clock. */
export async function openPipeline(
  resources: TestResources,
  prefix: string,
  analysis: { settings?: Parameters<typeof TweetAnalysisModule.register>[0]; clock?: Clock } = {},
): Promise<Pipeline> {
  const topicPrefix = uniqueId(prefix);
  const bus = resources.kafkaBus(topicPrefix);
  await bus.ensureTopics([TOPICS.tweets, TOPICS.transitDisruptions]);
  await bus.ensureTopics([TOPICS.vehicleState], { compacted: true });
  const db = await resources.database();
  const onItsOwnBus = (serviceName: string, modules: Parameters<TestResources['app']>[0]['modules'], clock?: Clock) =>
    resources.restartable(() => ({ serviceName, bus: () => createTestBus(topicPrefix), databaseUrl: db.url, modules, clock }));
  return {
    bus,
    db,
    pg: await resources.pg(db.url),
    analysis: onItsOwnBus('tweet-analysis', [TweetAnalysisModule.register(analysis.settings)], analysis.clock),
    dispatch: onItsOwnBus('dispatch', [DispatchModule.register({ vehiclesPerStation: 2, maxDistanceM: 30_000 })]),
    produced: 0,
  };
}

export async function publishTweets(p: Pipeline, tweets: TweetV2[]): Promise<void> {
  await p.bus.publish(TOPICS.tweets, tweets.map((t) => ({ key: t.id, value: JSON.stringify(t) })));
  p.produced += tweets.length;
}

export async function publishVehicles(p: Pipeline, states: VehicleStateV1[]): Promise<void> {
  await p.bus.publish(TOPICS.vehicleState, states.map((s) => ({ key: s.vehicleId, value: JSON.stringify(s) })));
}

/** Tweets whose effects tweet analysis has committed (its offsets in the kernel's table: a fresh topic starts at 0). */
export async function processedTweets(p: Pipeline): Promise<number> {
  const r = await p.pg.query(`SELECT coalesce(sum("offset" + 1), 0)::int AS n FROM tweet_analysis.kernel_offsets WHERE group_id = $1 AND topic = $2`, [
    TWEET_ANALYSIS.consumerGroup,
    TOPICS.tweets,
  ]);
  return r.rows[0].n as number;
}
