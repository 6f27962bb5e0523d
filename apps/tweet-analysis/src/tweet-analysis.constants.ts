/** Fixed names of tweet analysis: its schema and consumer group. */
export const TWEET_ANALYSIS = {
  serviceName: 'tweet-analysis',
  schema: 'tweet_analysis',
  consumerGroup: 'tweet-analysis',
  /** detector name and version written into logs and the disruption log */
  detector: 'line-burst',
  detectorVersion: '1',
} as const;

export const TWEET_ANALYSIS_TOKENS = {
  options: 'tweet-analysis.options',
  dataSource: 'tweet-analysis.data-source',
  clock: 'tweet-analysis.clock',
} as const;

/** The wall clock of the quiet timeout (detection itself runs on the tweets' createdAt); tests pass a fake one. */
export interface Clock {
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };
