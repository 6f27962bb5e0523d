/** Fixed names of tweet analysis: its service name, schema and consumer group. */
export const TWEET_ANALYSIS = {
  serviceName: 'tweet-analysis',
  schema: 'tweet_analysis',
  /** consumer group of the tweets consumer (the test bus prefixes it) */
  consumerGroup: 'tweet-analysis',
  /** detector name and version written into logs and the disruption log */
  detector: 'line-burst',
  detectorVersion: '1',
} as const;

/** Injection token of the options object. */
export const TWEET_ANALYSIS_OPTIONS = 'tsunagu.tweet-analysis.options' as const;
