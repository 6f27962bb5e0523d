import { loadConfig } from '@tsunagu/platform';
import { itReadsEnvNumbers } from '../../../test/support/env-cases';
import { tweetAnalysisEnv, tweetAnalysisOptionsFromEnv } from './tweet-analysis.config';

describe('tweet-analysis configuration', () => {
  itReadsEnvNumbers((env) => tweetAnalysisOptionsFromEnv(loadConfig(tweetAnalysisEnv, env)), 'ends quiet lines after 30 minutes of wall clock by default, checked every 30 s', [
    { variable: 'TWEET_ANALYSIS_QUIET_TIMEOUT_MS', option: 'quietTimeoutMs', byDefault: 1_800_000, takes: ['600000', 600_000], refuses: ['never'] },
    { variable: 'TWEET_ANALYSIS_QUIET_CHECK_INTERVAL_MS', option: 'quietCheckIntervalMs', byDefault: 30_000, takes: ['5000', 5_000], refuses: [] },
  ]);
});
