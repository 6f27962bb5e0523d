import type { Type } from '@nestjs/common';
import { TOPICS } from '@tsunagu/contracts';
import { MarketSentimentAnalyzer } from '@tsunagu/market-sentiment';
import { serviceModuleClass, serviceOptions, type BatchConsumer, serviceDefinition } from '@tsunagu/platform';
import { MarketSentimentController } from './analysis/market-sentiment.controller';
import { MarketSentimentService } from './analysis/market-sentiment.service';
import { SentimentStateRepository } from './analysis/sentiment-state.repository';
import { TweetPruneJob } from './analysis/tweet-prune.job';
import { TweetsConsumer } from './analysis/tweets.consumer';
import { marketSentimentEnv, marketSentimentOptionsFromEnv, type MarketSentimentOptions } from './market-sentiment.config';
import { MARKET_SENTIMENT_TOKENS } from './market-sentiment.constants';
import { MARKET_SENTIMENT_TABLES } from './market-sentiment.tables';
import { MarketSentimentInit1764800000000 } from './migrations/1764800000000-market-sentiment-init';
import { MarketSentimentKernel1765000000100 } from './migrations/1765000000100-market-sentiment-kernel';
import { MarketSentimentWindowVersions1766300000000 } from './migrations/1766300000000-market-sentiment-window-versions';

/** Market sentiment as the kernel builds it: schema, tables, options, consumer, job, topics, HTTP. */
export const MARKET_SENTIMENT_SERVICE = serviceDefinition<MarketSentimentOptions>({
  name: 'market-sentiment',
  migrations: [MarketSentimentInit1764800000000, MarketSentimentKernel1765000000100, MarketSentimentWindowVersions1766300000000],
  tables: MARKET_SENTIMENT_TABLES,
  options: serviceOptions(MARKET_SENTIMENT_TOKENS.options, marketSentimentEnv, marketSentimentOptionsFromEnv),
  // the kernel's `consumers` type admits only consumers without a `prepare` result (P = undefined); this one prepares its analysis
  consumers: [TweetsConsumer as unknown as Type<BatchConsumer>],
  jobs: [TweetPruneJob],
  produces: [TOPICS.marketSignals],
  controllers: [MarketSentimentController],
  providers: [{ provide: MARKET_SENTIMENT_TOKENS.analyzer, useFactory: () => new MarketSentimentAnalyzer() }, SentimentStateRepository, MarketSentimentService],
  exports: [MarketSentimentService],
});

/**
 * Market sentiment (pair 3's engagement system): tweets → tickers and
 * sentiment → per-ticker sliding windows → market signals for trading.
 * `register()` overrides the signal rule (tests); otherwise the environment decides.
 */
export const MarketSentimentModule = serviceModuleClass('MarketSentimentModule', MARKET_SENTIMENT_SERVICE);
