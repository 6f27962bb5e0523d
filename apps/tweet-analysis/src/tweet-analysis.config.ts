import { z } from 'zod';
import { envTypes } from '@tsunagu/platform';
import { DEFAULT_BURST_CONFIG, type BurstConfig } from '@tsunagu/tweet-analysis';

/** Tweet-analysis settings, from the environment (validated once, at start-up). */
export const tweetAnalysisEnv = z.object({
  /** ms: sliding window in which delay reports per line are counted */
  TWEET_ANALYSIS_WINDOW_MS: envTypes.positiveInt.default(DEFAULT_BURST_CONFIG.windowMs),
  /** reports in the window needed to start a disruption, whatever the baseline */
  TWEET_ANALYSIS_MIN_REPORTS: envTypes.positiveInt.default(DEFAULT_BURST_CONFIG.minReports),
  /** distinct authors in the window needed to start a disruption */
  TWEET_ANALYSIS_MIN_AUTHORS: envTypes.positiveInt.default(DEFAULT_BURST_CONFIG.minAuthors),
  /** the window count must reach this multiple of the line's baseline */
  TWEET_ANALYSIS_START_FACTOR: z.coerce.number().positive().default(DEFAULT_BURST_CONFIG.startFactor),
  /** a disruption ends when the window holds fewer reports than this */
  TWEET_ANALYSIS_END_BELOW: envTypes.positiveInt.default(DEFAULT_BURST_CONFIG.endBelow),
  /** ms of tweet time a report is remembered for deduplication by tweet id */
  TWEET_ANALYSIS_REPORT_RETENTION_MS: envTypes.positiveInt.default(24 * 3600_000),
  /**
   * ms of wall clock: a line with an active disruption and no new delay report received for this
   * long gets its `ended` event, even when no newer tweets arrive to move the tweet clock
   */
  TWEET_ANALYSIS_QUIET_TIMEOUT_MS: envTypes.positiveInt.default(30 * 60_000),
  /** ms: how often lines are checked against the quiet timeout */
  TWEET_ANALYSIS_QUIET_CHECK_INTERVAL_MS: envTypes.positiveInt.default(30_000),
  /**
   * ms: a tweet written further than this past the wall clock moves no line's clock and is not
   * counted (the door refuses such tweets; this guards records that reach Kafka another way)
   */
  TWEET_ANALYSIS_MAX_CLOCK_SKEW_MS: envTypes.positiveInt.default(300_000),
});

export interface TweetAnalysisOptions {
  readonly burst: BurstConfig;
  readonly reportRetentionMs: number;
  /** ms of wall clock */
  readonly quietTimeoutMs: number;
  /** ms of wall clock */
  readonly quietCheckIntervalMs: number;
  /** ms past the wall clock beyond which a tweet is not counted */
  readonly maxClockSkewMs: number;
}

export function tweetAnalysisOptionsFromEnv(c: z.infer<typeof tweetAnalysisEnv>): TweetAnalysisOptions {
  return {
    burst: {
      ...DEFAULT_BURST_CONFIG,
      windowMs: c.TWEET_ANALYSIS_WINDOW_MS,
      minReports: c.TWEET_ANALYSIS_MIN_REPORTS,
      minAuthors: c.TWEET_ANALYSIS_MIN_AUTHORS,
      startFactor: c.TWEET_ANALYSIS_START_FACTOR,
      endBelow: c.TWEET_ANALYSIS_END_BELOW,
    },
    reportRetentionMs: c.TWEET_ANALYSIS_REPORT_RETENTION_MS,
    quietTimeoutMs: c.TWEET_ANALYSIS_QUIET_TIMEOUT_MS,
    quietCheckIntervalMs: c.TWEET_ANALYSIS_QUIET_CHECK_INTERVAL_MS,
    maxClockSkewMs: c.TWEET_ANALYSIS_MAX_CLOCK_SKEW_MS,
  };
}
