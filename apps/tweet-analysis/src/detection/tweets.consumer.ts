import { TOPICS } from '@tsunagu/contracts';
import { consumerOf } from '@tsunagu/platform';
import type { LineReport } from '@tsunagu/tweet-analysis';
import { TWEET_ANALYSIS } from '../tweet-analysis.constants';
import { DetectionService } from './detection.service';

/**
 * Tweets as the `tweet-analysis` consumer group. Each tweet is classified before
 * the transaction (`prepare`); the kernel hands the new ones of a partition batch
 * to delay detection in one transaction with the offset, and dead-letters the
 * invalid ones with their reason.
 */
export const TweetsConsumer = consumerOf({
  topic: TOPICS.tweets,
  group: TWEET_ANALYSIS.consumerGroup,
  service: DetectionService,
  prepare: (detection, tweet): readonly LineReport[] => detection.analyse(tweet),
  handle: async (detection, tx, deliveries) => {
    const o = await detection.apply(tx, deliveries);
    return { analysed: o.tweets, reports: o.reports, duplicates: o.duplicates, disruptionEvents: o.events.length };
  },
});
