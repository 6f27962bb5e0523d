/** The market-sentiment service's own PostgreSQL schema. */
export const MARKET_SENTIMENT_SCHEMA = 'market_sentiment' as const;

/** Consumer group of the tweets consumer (the test bus prefixes it). */
export const MARKET_SENTIMENT_CONSUMER_GROUP = 'market-sentiment' as const;

export const MARKET_SENTIMENT_TOKENS = {
  options: 'tsunagu.market-sentiment.options',
  analyzer: 'tsunagu.market-sentiment.analyzer',
} as const;
