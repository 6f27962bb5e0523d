import { sqlMigration, stateVersionSteps } from '@tsunagu/platform';

/**
 * Every write of a ticker's window state draws a new version from one sequence,
 * so the service can keep the windows it wrote in memory (StateCache) and read
 * back only versions while it is the one writing them; states are stored as `json`.
 */
export const MarketSentimentWindowVersions1766300000000 = sqlMigration(
  'MarketSentimentWindowVersions1766300000000',
  stateVersionSteps('market_sentiment.ticker_windows', 'ticker_window_versions'),
);
