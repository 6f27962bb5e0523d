import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { createLogger, Metrics, PLATFORM_TOKENS } from '@tsunagu/platform';
import type { TweetAnalysisOptions } from '../tweet-analysis.config';
import { TWEET_ANALYSIS_TOKENS } from '../tweet-analysis.constants';
import { DetectionService } from './detection.service';

/**
 * When delay reports stop and no other tweets come either, the tweet clock
 * stands still and no batch ends anything. So a timer: every
 * `quietCheckIntervalMs`, lines quiet for `quietTimeoutMs` (wall clock) get
 * their `ended` event. Runs never overlap in one process; across instances the
 * clock-row lock serialises them.
 */
@Injectable()
export class QuietLinesSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger('tweet-analysis.quiet');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private readonly ended;

  constructor(
    private readonly detection: DetectionService,
    @Inject(TWEET_ANALYSIS_TOKENS.options) private readonly options: TweetAnalysisOptions,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    this.ended = metrics.counter('tweet_analysis_quiet_ends_total', 'disruptions ended by the wall-clock quiet timeout');
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runOnce(), this.options.quietCheckIntervalMs);
    this.timer.unref();
  }

  /** One check (runs never overlap); also called by tests. */
  async runOnce(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.detection
      .endQuietLines()
      .then((events) => {
        this.ended.inc(events.length);
        return events.length;
      })
      .catch((err: Error) => {
        // transient (database or Kafka unavailable): the next run retries with the same ids
        this.logger.warn('quiet-timeout check failed', { error: err.message });
        return 0;
      });
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
