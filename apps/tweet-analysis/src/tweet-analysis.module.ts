import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { PLATFORM_TOKENS, type HealthRegistry } from '@tsunagu/platform';
import { DetectionRepository } from './detection/detection.repository';
import { DetectionService } from './detection/detection.service';
import { DisruptionsController } from './detection/disruptions.controller';
import { QuietLinesSweeper } from './detection/quiet-lines.sweeper';
import { TweetsConsumer } from './detection/tweets.consumer';
import { tweetAnalysisOptionsFromEnv, type TweetAnalysisOptions } from './tweet-analysis.config';
import { SYSTEM_CLOCK, TWEET_ANALYSIS_TOKENS, type Clock } from './tweet-analysis.constants';
import { openTweetAnalysisDataSource, TweetAnalysisDatabase } from './tweet-analysis.database';

export interface TweetAnalysisModuleOptions extends Partial<TweetAnalysisOptions> {
  /** the wall clock of the quiet timeout; tests may pass a fake one */
  readonly clock?: Clock;
}

/**
 * Train-delay detection from tweets (pair 4's engagement service) on its own
 * schema `tweet_analysis`: consumes `social.tweet.received.v1`, emits
 * `transit.disruption.changed.v1`. Relies only on the platform core's providers;
 * `register()` overrides settings (tests), the bare module reads them from the environment.
 */
@Module({
  controllers: [DisruptionsController],
  providers: [
    { provide: TWEET_ANALYSIS_TOKENS.options, useFactory: (): TweetAnalysisOptions => tweetAnalysisOptionsFromEnv() },
    { provide: TWEET_ANALYSIS_TOKENS.clock, useValue: SYSTEM_CLOCK },
    {
      provide: TWEET_ANALYSIS_TOKENS.dataSource,
      inject: [PLATFORM_TOKENS.databaseUrl],
      useFactory: (url: string) => openTweetAnalysisDataSource(url),
    },
    TweetAnalysisDatabase,
    DetectionRepository,
    DetectionService,
    TweetsConsumer,
    QuietLinesSweeper,
  ],
  exports: [DetectionService, QuietLinesSweeper],
})
export class TweetAnalysisModule implements OnModuleInit {
  constructor(
    @Inject(PLATFORM_TOKENS.health) private readonly health: HealthRegistry,
    private readonly database: TweetAnalysisDatabase,
  ) {}

  static register(options: TweetAnalysisModuleOptions = {}): DynamicModule {
    const { clock, ...overrides } = options;
    return {
      module: TweetAnalysisModule,
      providers: [
        { provide: TWEET_ANALYSIS_TOKENS.options, useFactory: (): TweetAnalysisOptions => ({ ...tweetAnalysisOptionsFromEnv(), ...overrides }) },
        ...(clock ? [{ provide: TWEET_ANALYSIS_TOKENS.clock, useValue: clock }] : []),
      ],
    };
  }

  onModuleInit(): void {
    this.health.register('tweet-analysis-db', () => this.database.ping());
  }
}
