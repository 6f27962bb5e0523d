import { Inject, Injectable } from '@nestjs/common';
import { createLogger, IntervalJob, PLATFORM_TOKENS, type Clock } from '@tsunagu/platform';
import type { MarketSentimentOptions } from '../market-sentiment.config';
import { MARKET_SENTIMENT_TOKENS } from '../market-sentiment.constants';
import { SentimentStateRepository } from './sentiment-state.repository';

/**
 * Old tweets leave the analysed-tweet set (the dedup set and the evidence):
 * the intake drops duplicates too, and a window never reaches that far back.
 * Returns how many were forgotten.
 */
@Injectable()
export class TweetPruneJob extends IntervalJob<number> {
  readonly name = 'tweet-prune';
  readonly intervalMs: number;
  private readonly logger = createLogger('market-sentiment.prune');

  constructor(
    private readonly repository: SentimentStateRepository,
    @Inject(MARKET_SENTIMENT_TOKENS.options) private readonly options: MarketSentimentOptions,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
  ) {
    super();
    this.intervalMs = options.pruneIntervalMs;
  }

  protected async execute(): Promise<number> {
    const deleted = await this.repository.pruneTweets(new Date(this.clock.now() - this.options.tweetRetentionMs));
    if (deleted > 0) this.logger.info('pruned analysed tweets', { deleted });
    return deleted;
  }
}
