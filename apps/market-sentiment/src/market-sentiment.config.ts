import { z } from 'zod';
import { envTypes } from '@tsunagu/platform';
import { DEFAULT_SIGNAL_RULE, type SignalRuleConfig } from '@tsunagu/market-sentiment';

const ms = envTypes.positiveInt;
const d = DEFAULT_SIGNAL_RULE;

/** Market-sentiment settings, from the environment (validated once, at start-up). Times are tweet time. */
export const marketSentimentEnv = z.object({
  /** sliding window per ticker, ms */
  MARKET_WINDOW_MS: ms.default(d.windowMs),
  /** resolution of the volume baseline, ms */
  MARKET_BUCKET_MS: ms.default(d.bucketMs),
  /** how far back each ticker's own volume baseline reaches, ms */
  MARKET_BASELINE_MS: ms.default(d.baselineMs),
  /** tweets in the window needed before a signal */
  MARKET_MIN_VOLUME: ms.default(d.minVolume),
  /** volume z-score against the ticker's baseline needed for a signal */
  MARKET_MIN_VOLUME_Z: z.coerce.number().default(d.minVolumeZ),
  /** |mean sentiment| (0..1) needed for a signal */
  MARKET_MIN_ABS_SENTIMENT: z.coerce.number().min(0).max(1).default(d.minAbsSentiment),
  /** at most one signal per ticker per this, ms */
  MARKET_COOL_DOWN_MS: ms.default(d.coolDownMs),
  /** floor of the expected window volume (a ticker with no history), tweets */
  MARKET_MIN_EXPECTED_VOLUME: z.coerce.number().positive().default(d.minExpectedVolume),
  /** tweets older than a ticker's newest by more than this are ignored, ms */
  MARKET_MAX_LATENESS_MS: ms.default(d.maxLatenessMs),
  /** analysed tweets (dedup set and evidence) are kept this long after their createdAt, hours */
  MARKET_TWEET_RETENTION_HOURS: envTypes.positiveInt.default(72),
  /** how often old tweets are pruned, ms */
  MARKET_PRUNE_INTERVAL_MS: envTypes.positiveInt.default(10 * 60_000),
  /**
   * ms: a tweet written further than this past the wall clock is counted in no window and moves no
   * ticker's watermark (the door refuses such tweets; this guards records that reach Kafka another way)
   */
  MARKET_MAX_CLOCK_SKEW_MS: envTypes.positiveInt.default(300_000),
});

export interface MarketSentimentOptions extends SignalRuleConfig {
  readonly tweetRetentionMs: number;
  readonly pruneIntervalMs: number;
  /** ms past the wall clock beyond which a tweet is not counted */
  readonly maxClockSkewMs: number;
}

export function marketSentimentOptionsFromEnv(c: z.infer<typeof marketSentimentEnv>): MarketSentimentOptions {
  return {
    windowMs: c.MARKET_WINDOW_MS,
    bucketMs: c.MARKET_BUCKET_MS,
    baselineMs: c.MARKET_BASELINE_MS,
    minVolume: c.MARKET_MIN_VOLUME,
    minVolumeZ: c.MARKET_MIN_VOLUME_Z,
    minAbsSentiment: c.MARKET_MIN_ABS_SENTIMENT,
    coolDownMs: c.MARKET_COOL_DOWN_MS,
    minExpectedVolume: c.MARKET_MIN_EXPECTED_VOLUME,
    maxLatenessMs: c.MARKET_MAX_LATENESS_MS,
    tweetRetentionMs: c.MARKET_TWEET_RETENTION_HOURS * 3_600_000,
    pruneIntervalMs: c.MARKET_PRUNE_INTERVAL_MS,
    maxClockSkewMs: c.MARKET_MAX_CLOCK_SKEW_MS,
  };
}
