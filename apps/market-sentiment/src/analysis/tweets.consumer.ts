import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TOPICS, tweetV1Schema } from '@tsunagu/contracts';
import { createLogger, Metrics, PLATFORM_TOKENS, subscribeValidated, type MessageBus, type Subscription } from '@tsunagu/platform';
import type { MarketSentimentOptions } from '../market-sentiment.config';
import { MARKET_SENTIMENT, MARKET_SENTIMENT_TOKENS } from '../market-sentiment.constants';
import { MarketSentimentService } from './market-sentiment.service';
import { SentimentStateRepository } from './sentiment-state.repository';

/**
 * Consumes tweets (group `market-sentiment`). Invalid ones go to the dead-letter
 * topic with their reason; the rest are analysed one partition batch at a time.
 */
@Injectable()
export class TweetsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger('market-sentiment.tweets');
  private subscription: Subscription | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private readonly tweetsTotal;
  private readonly signalsTotal;

  constructor(
    private readonly service: MarketSentimentService,
    private readonly repository: SentimentStateRepository,
    @Inject(MARKET_SENTIMENT_TOKENS.options) private readonly options: MarketSentimentOptions,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    this.tweetsTotal = metrics.counter('market_sentiment_tweets_total', 'tweets consumed, by outcome', ['outcome']);
    this.signalsTotal = metrics.counter('market_sentiment_signals_total', 'market signals emitted, by direction', ['direction']);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics([TOPICS.tweets, TOPICS.marketSignals]);
    // signals committed but not published before the last stop go out first
    await this.service.flushOutbox();
    this.subscription = await subscribeValidated({
      bus: this.bus,
      groupId: MARKET_SENTIMENT.consumerGroup,
      topic: TOPICS.tweets,
      schema: tweetV1Schema,
      service: MARKET_SENTIMENT.serviceName,
      logger: this.logger,
      handle: async (items) => {
        const o = await this.service.handleBatch(MARKET_SENTIMENT.consumerGroup, items);
        this.tweetsTotal.inc({ outcome: 'analysed' }, o.analysed);
        this.tweetsTotal.inc({ outcome: 'duplicate' }, o.duplicates);
        this.tweetsTotal.inc({ outcome: 'replayed' }, o.replayed);
        this.tweetsTotal.inc({ outcome: 'no-ticker' }, o.withoutTicker);
        this.tweetsTotal.inc({ outcome: 'not-english' }, o.notEnglish);
        for (const s of o.signals) this.signalsTotal.inc({ direction: s.direction });
      },
    });
    this.pruneTimer = setInterval(() => void this.prune(), this.options.pruneIntervalMs);
    this.pruneTimer.unref();
  }

  /** Old tweets leave the dedup set: the intake drops duplicates too, and a window never reaches that far back. */
  private async prune(): Promise<void> {
    try {
      const deleted = await this.repository.pruneTweets(new Date(Date.now() - this.options.tweetRetentionMs));
      if (deleted > 0) this.logger.info('pruned analysed tweets', { deleted });
    } catch (err) {
      this.logger.warn('pruning analysed tweets failed', { error: (err as Error).message });
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.pruneTimer = null;
    await this.subscription?.stop();
    this.subscription = null;
  }
}
