/** Fixed names of the market-sentiment service: schema, consumer group. */
export const MARKET_SENTIMENT = {
  serviceName: 'market-sentiment',
  schema: 'market_sentiment',
  consumerGroup: 'market-sentiment',
} as const;

export const MARKET_SENTIMENT_TOKENS = {
  options: 'market-sentiment.options',
  dataSource: 'market-sentiment.data-source',
  analyzer: 'market-sentiment.analyzer',
} as const;
