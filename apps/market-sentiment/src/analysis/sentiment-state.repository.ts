import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { MarketSignalV1 } from '@tsunagu/contracts';
import { emptyTickerState, type SentimentEvidence, type TickerWindowState } from '@tsunagu/market-sentiment';
import { MARKET_SENTIMENT_TOKENS } from '../market-sentiment.constants';

export interface AnalysedTweetRow {
  readonly tweetId: string;
  readonly createdAt: Date;
  readonly tickers: readonly string[];
  readonly score: number;
  readonly label: string;
  readonly confidence: number;
  readonly evidence: readonly SentimentEvidence[];
  readonly partition: number;
  readonly offset: string;
}

export interface StoredSignal {
  readonly signalId: string;
  readonly payload: MarketSignalV1;
  readonly createdAt: string;
  readonly publishedAt: string | null;
}

/** Every read and write of the market_sentiment schema (SQL by hand, bulk where it is hot). */
@Injectable()
export class SentimentStateRepository {
  constructor(@Inject(MARKET_SENTIMENT_TOKENS.dataSource) private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The last offset processed on a partition (−1 if none), locked for this transaction. */
  async lockOffset(em: EntityManager, groupId: string, topic: string, partition: number): Promise<bigint> {
    await em.query(
      `INSERT INTO market_sentiment.consumer_offsets (group_id, topic, partition, last_offset) VALUES ($1, $2, $3, -1) ON CONFLICT DO NOTHING`,
      [groupId, topic, partition],
    );
    const [row] = (await em.query(
      `SELECT last_offset::text AS "lastOffset" FROM market_sentiment.consumer_offsets WHERE group_id = $1 AND topic = $2 AND partition = $3 FOR UPDATE`,
      [groupId, topic, partition],
    )) as Array<{ lastOffset: string }>;
    return BigInt(row!.lastOffset);
  }

  async saveOffset(em: EntityManager, groupId: string, topic: string, partition: number, offset: string): Promise<void> {
    await em.query(
      `UPDATE market_sentiment.consumer_offsets SET last_offset = $4, updated_at = now() WHERE group_id = $1 AND topic = $2 AND partition = $3`,
      [groupId, topic, partition, offset],
    );
  }

  /** Inserts the tweets not seen before (by id) and returns the ids that were new. */
  async insertNewTweets(em: EntityManager, rows: readonly AnalysedTweetRow[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const inserted = (await em.query(
      `INSERT INTO market_sentiment.tweets (tweet_id, created_at, tickers, score, label, confidence, evidence, origin_partition, origin_offset)
       SELECT t.id, t.created_at, string_to_array(t.tickers, ','), t.score, t.label, t.confidence, t.evidence, t.part, t.off
       FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::float8[], $5::text[], $6::float8[], $7::jsonb[], $8::int[], $9::bigint[])
         AS t(id, created_at, tickers, score, label, confidence, evidence, part, off)
       ON CONFLICT (tweet_id) DO NOTHING
       RETURNING tweet_id AS "tweetId"`,
      [
        rows.map((r) => r.tweetId),
        rows.map((r) => r.createdAt.toISOString()),
        rows.map((r) => r.tickers.join(',')),
        rows.map((r) => r.score),
        rows.map((r) => r.label),
        rows.map((r) => r.confidence),
        rows.map((r) => JSON.stringify(r.evidence)),
        rows.map((r) => r.partition),
        rows.map((r) => r.offset),
      ],
    )) as Array<{ tweetId: string }>;
    return new Set(inserted.map((r) => r.tweetId));
  }

  /**
   * The window states of some tickers, locked in ticker order (two instances
   * never deadlock). A ticker seen for the first time gets its row first, so
   * two instances that both meet it wait for each other instead of both
   * starting from an empty state and one overwriting the other.
   */
  async lockWindows(em: EntityManager, tickers: readonly string[]): Promise<Map<string, TickerWindowState>> {
    const sorted = [...new Set(tickers)].sort();
    if (sorted.length === 0) return new Map();
    await em.query(
      `INSERT INTO market_sentiment.ticker_windows (ticker, state)
       SELECT * FROM unnest($1::text[], $2::jsonb[]) ORDER BY 1
       ON CONFLICT (ticker) DO NOTHING`,
      [sorted, sorted.map((t) => JSON.stringify(emptyTickerState(t)))],
    );
    const rows = (await em.query(
      `SELECT ticker, state FROM market_sentiment.ticker_windows WHERE ticker = ANY($1::text[]) ORDER BY ticker FOR UPDATE`,
      [sorted],
    )) as Array<{ ticker: string; state: TickerWindowState }>;
    return new Map(rows.map((r) => [r.ticker, r.state]));
  }

  async saveWindows(em: EntityManager, states: readonly TickerWindowState[]): Promise<void> {
    if (states.length === 0) return;
    await em.query(
      `INSERT INTO market_sentiment.ticker_windows (ticker, state)
       SELECT * FROM unnest($1::text[], $2::jsonb[])
       ON CONFLICT (ticker) DO UPDATE SET state = excluded.state, updated_at = now()`,
      [states.map((s) => s.ticker), states.map((s) => JSON.stringify(s))],
    );
  }

  async insertSignals(em: EntityManager, signals: readonly MarketSignalV1[]): Promise<void> {
    if (signals.length === 0) return;
    await em.query(
      `INSERT INTO market_sentiment.signals (signal_id, ticker, direction, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])
       ON CONFLICT (signal_id) DO NOTHING`,
      [signals.map((s) => s.signalId), signals.map((s) => s.ticker), signals.map((s) => s.direction), signals.map((s) => JSON.stringify(s))],
    );
  }

  async unpublishedSignals(limit = 500): Promise<MarketSignalV1[]> {
    const rows = (await this.dataSource.query(
      `SELECT payload FROM market_sentiment.signals WHERE published_at IS NULL ORDER BY created_at, signal_id LIMIT $1`,
      [limit],
    )) as Array<{ payload: MarketSignalV1 }>;
    return rows.map((r) => r.payload);
  }

  async markPublished(signalIds: readonly string[]): Promise<void> {
    if (signalIds.length === 0) return;
    await this.dataSource.query(`UPDATE market_sentiment.signals SET published_at = now() WHERE signal_id = ANY($1::text[])`, [signalIds]);
  }

  async signals(filter: { ticker?: string; page: number; pageSize: number }): Promise<{ items: StoredSignal[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR ticker = $1)`;
    const [items, count] = await Promise.all([
      this.dataSource.query(
        `SELECT signal_id AS "signalId", payload, created_at AS "createdAt", published_at AS "publishedAt"
         FROM market_sentiment.signals ${where} ORDER BY created_at DESC, signal_id LIMIT $2 OFFSET $3`,
        [filter.ticker ?? null, filter.pageSize, (filter.page - 1) * filter.pageSize],
      ) as Promise<StoredSignal[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM market_sentiment.signals ${where}`, [filter.ticker ?? null]) as Promise<Array<{ n: number }>>,
    ]);
    return { items, total: count[0]!.n };
  }

  async window(ticker: string): Promise<TickerWindowState | null> {
    const [row] = (await this.dataSource.query(`SELECT state FROM market_sentiment.ticker_windows WHERE ticker = $1`, [ticker])) as Array<{ state: TickerWindowState }>;
    return row?.state ?? null;
  }

  /** Ticker windows, the most recently updated first. */
  async windows(page: { page: number; pageSize: number }): Promise<{ items: TickerWindowState[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.dataSource.query(`SELECT state FROM market_sentiment.ticker_windows ORDER BY updated_at DESC, ticker LIMIT $1 OFFSET $2`, [
        page.pageSize,
        (page.page - 1) * page.pageSize,
      ]) as Promise<Array<{ state: TickerWindowState }>>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM market_sentiment.ticker_windows`) as Promise<Array<{ n: number }>>,
    ]);
    return { items: rows.map((r) => r.state), total: count[0]!.n };
  }

  async tweet(tweetId: string): Promise<Record<string, unknown> | null> {
    const [row] = (await this.dataSource.query(
      `SELECT tweet_id AS "tweetId", created_at AS "createdAt", tickers, score, label, confidence, evidence,
              origin_partition AS "partition", origin_offset::text AS "offset", analysed_at AS "analysedAt"
       FROM market_sentiment.tweets WHERE tweet_id = $1`,
      [tweetId],
    )) as Array<Record<string, unknown>>;
    return row ?? null;
  }

  /** Forgets analysed tweets older than `before` (the dedup set and the evidence are kept that long). */
  async pruneTweets(before: Date): Promise<number> {
    const [, deleted] = (await this.dataSource.query(`DELETE FROM market_sentiment.tweets WHERE created_at < $1`, [before])) as [unknown, number];
    return deleted;
  }

  async tweetCount(): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM market_sentiment.tweets`)) as Array<{ n: number }>;
    return row!.n;
  }
}
