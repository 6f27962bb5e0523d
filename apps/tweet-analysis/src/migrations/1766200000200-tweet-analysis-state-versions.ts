import { sqlMigration, stateVersionSteps } from '@tsunagu/platform';

/**
 * Every write of a line's detector state draws a new version from one sequence,
 * so the detection service can keep the states it wrote in memory (StateCache)
 * and read back only versions while it is the one writing them; states are
 * stored as `json`.
 */
export const TweetAnalysisStateVersions1766200000200 = sqlMigration(
  'TweetAnalysisStateVersions1766200000200',
  stateVersionSteps('tweet_analysis.line_states', 'line_state_versions'),
);
