import type { MarketSignalV1 } from '@tsunagu/contracts';
import type { SentimentEvidence, TickerWindowState } from '@tsunagu/market-sentiment';
import { column, defineTable, type RowOf } from '@tsunagu/platform';
import { MARKET_SENTIMENT_SCHEMA } from './market-sentiment.constants';

/** Each ticker's sliding window and baseline (plain JSON from the analysis library). */
export const tickerWindowsTable = defineTable(MARKET_SENTIMENT_SCHEMA, 'ticker_windows', {
  ticker: column.text(),
  /** json, not jsonb: only ever read and written whole */
  state: column.json<TickerWindowState>(),
  updatedAt: column.timestamptz(),
  /** drawn from `ticker_window_versions` on every write: the service's copy in memory (StateCache) is used only while it matches */
  version: column.bigint(),
});

/** An analysed tweet about at least one ticker: its id is the dedup key; the score and its evidence are kept. */
export const tweetsTable = defineTable(MARKET_SENTIMENT_SCHEMA, 'tweets', {
  tweetId: column.text(),
  createdAt: column.timestamptz(),
  tickers: column.textArray(),
  score: column.double(),
  label: column.text(),
  confidence: column.double(),
  evidence: column.jsonb<SentimentEvidence[]>(),
  /** where the tweet was read on the tweet topic */
  originPartition: column.integer(),
  originOffset: column.bigintString(),
  analysedAt: column.timestamptz(),
});
export type AnalysedTweetRow = RowOf<typeof tweetsTable>;

/** The signals emitted (the record of what was said; they leave through the kernel's outbox). */
export const signalsTable = defineTable(MARKET_SENTIMENT_SCHEMA, 'signals', {
  signalId: column.text(),
  ticker: column.text(),
  direction: column.text<MarketSignalV1['direction']>(),
  payload: column.jsonb<MarketSignalV1>(),
  createdAt: column.timestamptz(),
});
export type SignalRow = RowOf<typeof signalsTable>;

export const MARKET_SENTIMENT_TABLES = [tickerWindowsTable, tweetsTable, signalsTable] as const;
