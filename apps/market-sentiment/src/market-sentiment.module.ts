import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { MarketSentimentAnalyzer } from '@tsunagu/market-sentiment';
import { PLATFORM_TOKENS, type HealthRegistry } from '@tsunagu/platform';
import { MarketSentimentController } from './analysis/market-sentiment.controller';
import { MarketSentimentService } from './analysis/market-sentiment.service';
import { SentimentStateRepository } from './analysis/sentiment-state.repository';
import { TweetsConsumer } from './analysis/tweets.consumer';
import { marketSentimentOptionsFromEnv, type MarketSentimentOptions } from './market-sentiment.config';
import { MARKET_SENTIMENT_TOKENS } from './market-sentiment.constants';
import { MarketSentimentDatabase, openMarketSentimentDataSource } from './market-sentiment.database';

/**
 * Market sentiment (pair 3's engagement system): tweets → tickers and
 * sentiment → per-ticker sliding windows → market signals for trading. Own
 * schema `market_sentiment`. Relies only on the platform core's providers;
 * `register()` overrides the signal rule (tests), the bare module reads the environment.
 */
@Module({
  controllers: [MarketSentimentController],
  providers: [
    { provide: MARKET_SENTIMENT_TOKENS.options, useFactory: (): MarketSentimentOptions => marketSentimentOptionsFromEnv() },
    { provide: MARKET_SENTIMENT_TOKENS.analyzer, useFactory: () => new MarketSentimentAnalyzer() },
    { provide: MARKET_SENTIMENT_TOKENS.dataSource, inject: [PLATFORM_TOKENS.databaseUrl], useFactory: (url: string) => openMarketSentimentDataSource(url) },
    MarketSentimentDatabase,
    SentimentStateRepository,
    MarketSentimentService,
    TweetsConsumer,
  ],
  exports: [MarketSentimentService],
})
export class MarketSentimentModule implements OnModuleInit {
  constructor(
    @Inject(PLATFORM_TOKENS.health) private readonly health: HealthRegistry,
    private readonly database: MarketSentimentDatabase,
  ) {}

  static register(options: Partial<MarketSentimentOptions> = {}): DynamicModule {
    return {
      module: MarketSentimentModule,
      providers: [{ provide: MARKET_SENTIMENT_TOKENS.options, useFactory: (): MarketSentimentOptions => ({ ...marketSentimentOptionsFromEnv(), ...options }) }],
    };
  }

  onModuleInit(): void {
    this.health.register('market-sentiment-db', () => this.database.ping());
  }
}
