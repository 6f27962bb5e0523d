import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TOPICS, tweetV1Schema } from '@tsunagu/contracts';
import { createLogger, Metrics, PLATFORM_TOKENS, subscribeValidated, type MessageBus, type Subscription } from '@tsunagu/platform';
import { TWEET_ANALYSIS } from '../tweet-analysis.constants';
import { DetectionService } from './detection.service';

/**
 * Consumes tweets (consumer group `tweet-analysis`). Invalid ones go to the
 * dead-letter topic with their reason; valid ones go through delay detection one
 * partition batch at a time.
 */
@Injectable()
export class TweetsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger('tweet-analysis.tweets');
  private subscription: Subscription | null = null;
  private readonly tweets;
  private readonly disruptions;

  constructor(
    private readonly detection: DetectionService,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    this.tweets = metrics.counter('tweet_analysis_tweets_total', 'tweets consumed, by outcome', ['outcome']);
    this.disruptions = metrics.counter('tweet_analysis_disruptions_total', 'disruption changes emitted, by status', ['status']);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics([TOPICS.tweets, TOPICS.transitDisruptions]);
    this.subscription = await subscribeValidated({
      bus: this.bus,
      groupId: TWEET_ANALYSIS.consumerGroup,
      topic: TOPICS.tweets,
      schema: tweetV1Schema,
      service: TWEET_ANALYSIS.serviceName,
      logger: this.logger,
      handle: async (items) => {
        const first = items[0]!.message;
        const outcome = await this.detection.handleBatch(first.topic, first.partition, items);
        this.tweets.inc({ outcome: 'analysed' }, outcome.tweets);
        this.tweets.inc({ outcome: 'replayed' }, outcome.skipped);
        this.tweets.inc({ outcome: 'report' }, outcome.reports);
        this.tweets.inc({ outcome: 'duplicate' }, outcome.duplicates);
        for (const e of outcome.events) this.disruptions.inc({ status: e.status });
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }
}
