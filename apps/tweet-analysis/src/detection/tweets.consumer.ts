import { Inject, Injectable } from '@nestjs/common';
import { TOPICS, type TweetV2 } from '@tsunagu/contracts';
import { BatchConsumer, PLATFORM_TOKENS, type Delivery, type Metrics, type Tx } from '@tsunagu/platform';
import type { LineReport } from '@tsunagu/tweet-analysis';
import { TWEET_ANALYSIS } from '../tweet-analysis.constants';
import { DetectionService } from './detection.service';

/**
 * Tweets as the `tweet-analysis` consumer group. Each tweet is classified before
 * the transaction (`prepare`); the kernel hands the new ones of a partition batch
 * to delay detection in one transaction with the offset, and dead-letters the
 * invalid ones with their reason.
 */
@Injectable()
export class TweetsConsumer extends BatchConsumer<typeof TOPICS.tweets, readonly LineReport[]> {
  readonly topic = TOPICS.tweets;
  readonly group = TWEET_ANALYSIS.consumerGroup;
  private readonly tweets;
  private readonly disruptions;

  constructor(
    private readonly detection: DetectionService,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    super();
    this.tweets = metrics.counter('tweet_analysis_tweets_total', 'tweets consumed, by outcome', ['outcome']);
    this.disruptions = metrics.counter('tweet_analysis_disruptions_total', 'disruption changes emitted, by status', ['status']);
  }

  override prepare(value: TweetV2): readonly LineReport[] {
    return this.detection.analyse(value);
  }

  async handle(tx: Tx, deliveries: ReadonlyArray<Delivery<TweetV2, readonly LineReport[]>>): Promise<void> {
    const outcome = await this.detection.apply(tx, deliveries);
    this.tweets.inc({ outcome: 'analysed' }, outcome.tweets);
    this.tweets.inc({ outcome: 'report' }, outcome.reports);
    this.tweets.inc({ outcome: 'duplicate' }, outcome.duplicates);
    for (const e of outcome.events) this.disruptions.inc({ status: e.status });
  }
}
