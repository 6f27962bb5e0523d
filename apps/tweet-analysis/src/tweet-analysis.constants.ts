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
} as const;
