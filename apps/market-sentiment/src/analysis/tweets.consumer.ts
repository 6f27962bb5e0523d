import { TOPICS } from '@tsunagu/contracts';
import { consumerOf } from '@tsunagu/platform';
import { MARKET_SENTIMENT_CONSUMER_GROUP } from '../market-sentiment.constants';
import { MarketSentimentService, type PreparedTweet } from './market-sentiment.service';

/**
 * Tweets as the `market-sentiment` consumer group: each is analysed before the
 * transaction (`prepare`), then a partition batch updates the windows and emits
 * signals in one transaction with the offset. The tweet id is the dedup key (the
 * analysed-tweets table), so a tweet that comes again under another offset counts once.
 */
export const TweetsConsumer = consumerOf({
  topic: TOPICS.tweets,
  group: MARKET_SENTIMENT_CONSUMER_GROUP,
  service: MarketSentimentService,
  prepare: (sentiment, tweet): PreparedTweet => sentiment.prepare(tweet),
  handle: async (sentiment, tx, deliveries) => {
    const { signals, ...counts } = await sentiment.apply(tx, deliveries);
    return { ...counts, signals: signals.length };
  },
});
