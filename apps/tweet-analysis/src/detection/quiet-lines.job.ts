import { jobOf } from '@tsunagu/platform';
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
export const QuietLinesJob = jobOf({
  name: 'quiet-lines',
  services: [DetectionService],
  options: TWEET_ANALYSIS_OPTIONS,
  intervalMs: (options: TweetAnalysisOptions) => options.quietCheckIntervalMs,
  run: async (job, detection) => (await detection.endQuietLines({ topic: `job:${job.name}` })).length,
  counter: { name: 'tweet_analysis_quiet_ends_total', help: 'disruptions ended by the wall-clock quiet timeout' },
});
