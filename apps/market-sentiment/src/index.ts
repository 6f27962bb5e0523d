/** The market-sentiment service's public entry (the all-in-one process and other apps' tests import only this). */
export { MarketSentimentModule, MARKET_SENTIMENT_SERVICE } from './market-sentiment.module';
export { marketSentimentEnv, type MarketSentimentOptions } from './market-sentiment.config';
export { MARKET_SENTIMENT_CONSUMER_GROUP, MARKET_SENTIMENT_SCHEMA } from './market-sentiment.constants';
export { MARKET_SENTIMENT_TABLES } from './market-sentiment.tables';
export { MarketSentimentService, prepareTweet, type BatchOutcome, type PreparedTweet } from './analysis/market-sentiment.service';
