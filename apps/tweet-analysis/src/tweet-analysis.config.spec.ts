import { loadConfig } from '@tsunagu/platform';
import { tweetAnalysisEnv, tweetAnalysisOptionsFromEnv } from './tweet-analysis.config';

const optionsOf = (env: Record<string, string>) => tweetAnalysisOptionsFromEnv(loadConfig(tweetAnalysisEnv, env));

describe('tweet-analysis configuration', () => {
  it('ends quiet lines after 30 minutes of wall clock by default, checked every 30 s', () => {
    expect(optionsOf({})).toMatchObject({ quietTimeoutMs: 1_800_000, quietCheckIntervalMs: 30_000 });
    expect(optionsOf({ TWEET_ANALYSIS_QUIET_TIMEOUT_MS: '600000', TWEET_ANALYSIS_QUIET_CHECK_INTERVAL_MS: '5000' })).toMatchObject({
      quietTimeoutMs: 600_000,
      quietCheckIntervalMs: 5_000,
    });
  });

  it('refuses to start with a bad value, naming the variable', () => {
    expect(() => optionsOf({ TWEET_ANALYSIS_QUIET_TIMEOUT_MS: 'never' })).toThrow(/TWEET_ANALYSIS_QUIET_TIMEOUT_MS/);
  });
});
