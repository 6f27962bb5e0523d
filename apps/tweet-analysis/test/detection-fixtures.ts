/**
 * Delay detection on a real PostgreSQL without Kafka (the medium tier): the
 * service's schema as its definition migrates it, on a database of its own, and
 * the detection service built on it as the consumer's module builds it.
 */
import { loadConfig, type Clock, type ServiceDatabase } from '@tsunagu/platform';
import { TWEET_ANALYSIS_SERVICE, tweetAnalysisEnv } from '@apps/tweet-analysis';
import type { TestResources } from '../../../test/support/test-resources';
import { openTestServiceDatabase } from '../../../test/support/kernel-fixtures';
import { DetectionRepository } from '../src/detection/detection.repository';
import { DetectionService } from '../src/detection/detection.service';
import { tweetAnalysisOptionsFromEnv, type TweetAnalysisOptions } from '../src/tweet-analysis.config';

/** The options of an environment that sets nothing, with `overrides`. */
export function detectionOptions(overrides: Partial<TweetAnalysisOptions> = {}): TweetAnalysisOptions {
  return { ...tweetAnalysisOptionsFromEnv(loadConfig(tweetAnalysisEnv, {})), ...overrides };
}

/** The detection service on `db` as the module builds it (a second one on the same database is a second instance). */
export function detectionService(db: ServiceDatabase, options: TweetAnalysisOptions, clock: Clock): DetectionService {
  return new DetectionService(new DetectionRepository(db), db, options, clock);
}

/** A fresh database with the service's schema (closed by `resources`) and the detection service on it. */
export async function openDetection(resources: TestResources, options: TweetAnalysisOptions, clock: Clock) {
  const t = resources.own(await openTestServiceDatabase(TWEET_ANALYSIS_SERVICE), (d) => d.close());
  return { t, service: detectionService(t.db, options, clock) };
}
