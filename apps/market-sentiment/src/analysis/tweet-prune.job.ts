import { jobOf } from '@tsunagu/platform';
import type { MarketSentimentOptions } from '../market-sentiment.config';
import { MARKET_SENTIMENT_TOKENS } from '../market-sentiment.constants';
import { SentimentStateRepository } from './sentiment-state.repository';

/**
 * Old tweets leave the analysed-tweet set (the dedup set and the evidence):
 * the intake drops duplicates too, and a window never reaches that far back.
 * Returns how many were forgotten.
 */
export const TweetPruneJob = jobOf({
  name: 'tweet-prune',
  services: [SentimentStateRepository],
  options: MARKET_SENTIMENT_TOKENS.options,
  intervalMs: (options: MarketSentimentOptions) => options.pruneIntervalMs,
  logger: 'market-sentiment.prune',
  run: async ({ options, clock, logger }, repository) => {
    const deleted = await repository.pruneTweets(new Date(clock.now() - options.tweetRetentionMs));
    if (deleted > 0) logger.info('pruned analysed tweets', { deleted });
    return deleted;
  },
});
