import { Inject, Injectable } from '@nestjs/common';
import { TOPICS, type TweetV2 } from '@tsunagu/contracts';
import { BatchConsumer, PLATFORM_TOKENS, type Delivery, type Metrics, type Tx } from '@tsunagu/platform';
import { MARKET_SENTIMENT_CONSUMER_GROUP } from '../market-sentiment.constants';
import { MarketSentimentService, type PreparedTweet } from './market-sentiment.service';

/**
 * Tweets as the `market-sentiment` consumer group: each is analysed before the
 * transaction (`prepare`), then a partition batch updates the windows and emits
 * signals in one transaction with the offset. The tweet id is the dedup key (the
 * analysed-tweets table), so a tweet that comes again under another offset counts once.
 */
@Injectable()
export class TweetsConsumer extends BatchConsumer<typeof TOPICS.tweets, PreparedTweet> {
  readonly topic = TOPICS.tweets;
  readonly group = MARKET_SENTIMENT_CONSUMER_GROUP;
  private readonly tweetsTotal;
  private readonly signalsTotal;

  constructor(
    private readonly service: MarketSentimentService,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    super();
    this.tweetsTotal = metrics.counter('market_sentiment_tweets_total', 'tweets consumed, by outcome', ['outcome']);
    this.signalsTotal = metrics.counter('market_sentiment_signals_total', 'market signals emitted, by direction', ['direction']);
  }

  override prepare(tweet: TweetV2): PreparedTweet {
    return this.service.prepare(tweet);
  }

  async handle(tx: Tx, deliveries: ReadonlyArray<Delivery<TweetV2, PreparedTweet>>): Promise<void> {
    const o = await this.service.apply(tx, deliveries);
    this.tweetsTotal.inc({ outcome: 'analysed' }, o.analysed);
    this.tweetsTotal.inc({ outcome: 'duplicate' }, o.duplicates);
    this.tweetsTotal.inc({ outcome: 'no-ticker' }, o.withoutTicker);
    this.tweetsTotal.inc({ outcome: 'not-english' }, o.notEnglish);
    this.tweetsTotal.inc({ outcome: 'future' }, o.future);
    for (const s of o.signals) this.signalsTotal.inc({ direction: s.direction });
  }
}
