import { sqlMigration } from '@tsunagu/platform';

/**
 * Market sentiment's own schema: the last processed offset per (group, topic,
 * partition) written in the same transaction as the per-ticker window state, the
 * analysed tweets (their id is the dedup key; the score and its evidence are
 * kept), and the signals emitted (an outbox: published after the commit).
 */
export const MarketSentimentInit1764800000000 = sqlMigration('MarketSentimentInit1764800000000', {
  up: [
    `CREATE TABLE market_sentiment.consumer_offsets (
      group_id text NOT NULL,
      topic text NOT NULL,
      partition integer NOT NULL,
      last_offset bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (group_id, topic, partition)
    )`,
    `CREATE TABLE market_sentiment.ticker_windows (
      ticker text PRIMARY KEY,
      state jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE market_sentiment.tweets (
      tweet_id text PRIMARY KEY,
      created_at timestamptz NOT NULL,
      tickers text[] NOT NULL,
      score double precision NOT NULL,
      label text NOT NULL,
      confidence double precision NOT NULL,
      evidence jsonb NOT NULL,
      origin_partition integer NOT NULL,
      origin_offset bigint NOT NULL,
      analysed_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX tweets_created ON market_sentiment.tweets (created_at)`,
    `CREATE TABLE market_sentiment.signals (
      signal_id text PRIMARY KEY,
      ticker text NOT NULL,
      direction text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    )`,
    `CREATE INDEX signals_unpublished ON market_sentiment.signals (created_at) WHERE published_at IS NULL`,
    `CREATE INDEX signals_ticker ON market_sentiment.signals (ticker, created_at DESC)`,
  ],
});
