import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob, PLATFORM_TOKENS, type Metrics } from '@tsunagu/platform';
import type { TweetAnalysisOptions } from '../tweet-analysis.config';
import { TWEET_ANALYSIS_OPTIONS } from '../tweet-analysis.constants';
import { DetectionService } from './detection.service';

/**
 * When delay reports stop and no other tweets come either, the tweet clock
 * stands still and no batch ends anything. So every `quietCheckIntervalMs`,
 * lines quiet for `quietTimeoutMs` (wall clock) get their `ended` event. A run
 * resolves to the number of disruptions it ended; across instances the
 * clock-row lock serialises runs, and a failed run is retried by the next with
 * the same ids.
 */
@Injectable()
export class QuietLinesJob extends IntervalJob<number> {
  readonly name = 'quiet-lines';
  readonly intervalMs: number;
  private readonly ended;

  constructor(
    private readonly detection: DetectionService,
    @Inject(TWEET_ANALYSIS_OPTIONS) options: TweetAnalysisOptions,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    super();
    this.intervalMs = options.quietCheckIntervalMs;
    this.ended = metrics.counter('tweet_analysis_quiet_ends_total', 'disruptions ended by the wall-clock quiet timeout');
  }

  protected async execute(): Promise<number> {
    const events = await this.detection.endQuietLines({ topic: `job:${this.name}` });
    this.ended.inc(events.length);
    return events.length;
  }
}
