import { TOPICS } from '@tsunagu/contracts';
import { serviceModuleClass, serviceOptions, serviceDefinition } from '@tsunagu/platform';
import { DetectionRepository } from './detection/detection.repository';
import { DetectionService } from './detection/detection.service';
import { DisruptionsController } from './detection/disruptions.controller';
import { QuietLinesJob } from './detection/quiet-lines.job';
import { TweetsConsumer } from './detection/tweets.consumer';
import { TweetAnalysisInit1764600000100 } from './migrations/1764600000100-tweet-analysis-init';
import { TweetAnalysisQuietTimeout1764600000200 } from './migrations/1764600000200-tweet-analysis-quiet-timeout';
import { TweetAnalysisKernelOffsets1765000000100 } from './migrations/1765000000100-tweet-analysis-kernel';
import { TweetAnalysisStateVersions1766200000200 } from './migrations/1766200000200-tweet-analysis-state-versions';
import { TweetAnalysisLineStatesFillfactor1766400000100 } from './migrations/1766400000100-tweet-analysis-line-states-fillfactor';
import { tweetAnalysisEnv, tweetAnalysisOptionsFromEnv, type TweetAnalysisOptions } from './tweet-analysis.config';
import { TWEET_ANALYSIS, TWEET_ANALYSIS_OPTIONS } from './tweet-analysis.constants';
import { TWEET_ANALYSIS_TABLES } from './tweet-analysis.tables';

/** Tweet analysis as the kernel builds it: schema, tables, options, consumer, quiet-lines job, topics, HTTP. */
export const TWEET_ANALYSIS_SERVICE = serviceDefinition<TweetAnalysisOptions>({
  name: TWEET_ANALYSIS.serviceName,
  migrations: [TweetAnalysisInit1764600000100, TweetAnalysisQuietTimeout1764600000200, TweetAnalysisKernelOffsets1765000000100, TweetAnalysisStateVersions1766200000200, TweetAnalysisLineStatesFillfactor1766400000100],
  tables: TWEET_ANALYSIS_TABLES,
  options: serviceOptions(TWEET_ANALYSIS_OPTIONS, tweetAnalysisEnv, tweetAnalysisOptionsFromEnv),
  consumers: [TweetsConsumer],
  jobs: [QuietLinesJob],
  produces: [TOPICS.transitDisruptions],
  controllers: [DisruptionsController],
  providers: [DetectionRepository, DetectionService],
  exports: [DetectionService],
});

/**
 * Train-delay detection from tweets (pair 4's engagement service): consumes
 * `social.tweet.received.v2`, runs the classifier, gazetteer and per-line burst
 * detector of @tsunagu/tweet-analysis, publishes `transit.disruption.changed.v1`
 * and serves what it found. `register(overrides)` replaces settings (tests).
 */
export const TweetAnalysisModule = serviceModuleClass('TweetAnalysisModule', TWEET_ANALYSIS_SERVICE);
