/**
 * The pipeline of pair 4's integration tests: a bus with its own topics, a
 * database, tweet analysis and dispatch started as separate apps on them.
 */
import { Client } from 'pg';
import { TOPICS, type TweetV2, type VehicleStateV1 } from '@tsunagu/contracts';
import type { KafkaBus } from '@tsunagu/platform';
import { startApp, type RunningApp } from '../../../test/support/app-harness';
import { createTestBus, createTestDatabase, uniqueId } from '../../../test/support/test-env';
import { DispatchModule } from '@apps/dispatch';
import { TWEET_ANALYSIS, TweetAnalysisModule } from '@apps/tweet-analysis';

export interface Pipeline {
  bus: KafkaBus;
  db: { url: string; drop(): Promise<void> };
  analysis: RunningApp | null;
  dispatch: RunningApp | null;
  produced: number;
}

export async function openPipeline(prefix: string): Promise<Pipeline> {
  const bus = createTestBus(uniqueId(prefix));
  await bus.ensureTopics([TOPICS.tweets, TOPICS.transitDisruptions]);
  await bus.ensureTopics([TOPICS.vehicleState], { compacted: true });
  return { bus, db: await createTestDatabase(), analysis: null, dispatch: null, produced: 0 };
}

export const startAnalysis = (p: Pipeline) => startApp({ serviceName: 'tweet-analysis', bus: p.bus, databaseUrl: p.db.url, modules: [TweetAnalysisModule.register()] });
export const startDispatch = (p: Pipeline) =>
  startApp({ serviceName: 'dispatch', bus: p.bus, databaseUrl: p.db.url, modules: [DispatchModule.register({ vehiclesPerStation: 2, maxDistanceM: 30_000 })] });

export async function publishTweets(p: Pipeline, tweets: TweetV2[]): Promise<void> {
  await p.bus.publish(TOPICS.tweets, tweets.map((t) => ({ key: t.id, value: JSON.stringify(t) })));
  p.produced += tweets.length;
}

export async function publishVehicles(p: Pipeline, states: VehicleStateV1[]): Promise<void> {
  await p.bus.publish(TOPICS.vehicleState, states.map((s) => ({ key: s.vehicleId, value: JSON.stringify(s) })));
}

/** Tweets whose effects tweet analysis has committed (its offsets in the kernel's table: a fresh topic starts at 0). */
export async function processedTweets(p: Pipeline): Promise<number> {
  const c = new Client({ connectionString: p.db.url });
  await c.connect();
  try {
    const r = await c.query(`SELECT coalesce(sum("offset" + 1), 0)::int AS n FROM tweet_analysis.kernel_offsets WHERE group_id = $1 AND topic = $2`, [
      TWEET_ANALYSIS.consumerGroup,
      TOPICS.tweets,
    ]);
    return r.rows[0].n as number;
  } finally {
    await c.end();
  }
}

export async function closePipeline(p: Pipeline): Promise<void> {
  await p.analysis?.close();
  await p.dispatch?.close();
  await p.bus.close();
  await p.db.drop();
}
