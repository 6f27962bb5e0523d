import { Injectable } from '@nestjs/common';
import type { MarketSignalV1 } from '@tsunagu/contracts';
import { emptyTickerState, type SentimentEvidence, type TickerWindowState } from '@tsunagu/market-sentiment';
import { ServiceDatabase, type Tx } from '@tsunagu/platform';
import { signalsTable as S, tickerWindowsTable as W, tweetsTable as T, type AnalysedTweetRow, type SignalRow } from '../market-sentiment.tables';

/** A tweet to record once (its id is the dedup key). */
export interface NewTweet {
  readonly tweetId: string;
  /** epoch ms */
  readonly createdAt: number;
  readonly tickers: readonly string[];
  readonly score: number;
  readonly label: string;
  readonly confidence: number;
  readonly evidence: readonly SentimentEvidence[];
  readonly partition: number;
  readonly offset: string;
}

/** Every read and write of the market_sentiment schema (plain SQL; bulk writes are one statement each). */
@Injectable()
export class SentimentStateRepository {
  constructor(private readonly db: ServiceDatabase) {}

  /** Inserts the tweets not seen before (by id) and returns the ids that were new. */
  async insertNewTweets(tx: Tx, rows: readonly NewTweet[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const inserted = await tx.query<{ tweet_id: string }>(
      `INSERT INTO ${T.qualified} (tweet_id, created_at, tickers, score, label, confidence, evidence, origin_partition, origin_offset)
       SELECT t.id, to_timestamp(t.created_at / 1000.0), string_to_array(t.tickers, ','), t.score, t.label, t.confidence, t.evidence, t.part, t.off
       FROM unnest($1::text[], $2::float8[], $3::text[], $4::float8[], $5::text[], $6::float8[], $7::jsonb[], $8::int[], $9::bigint[])
         AS t(id, created_at, tickers, score, label, confidence, evidence, part, off)
       ON CONFLICT (tweet_id) DO NOTHING
       RETURNING tweet_id`,
      [
        rows.map((r) => r.tweetId),
        rows.map((r) => r.createdAt),
        rows.map((r) => r.tickers.join(',')),
        rows.map((r) => r.score),
        rows.map((r) => r.label),
        rows.map((r) => r.confidence),
        rows.map((r) => JSON.stringify(r.evidence)),
        rows.map((r) => r.partition),
        rows.map((r) => r.offset),
      ],
    );
    return new Set(inserted.map((r) => r.tweet_id));
  }

  /**
   * The window states of some tickers, locked in ticker order (two instances
   * never deadlock). A ticker seen for the first time gets its row first, so
   * two instances that both meet it wait for each other instead of both
   * starting from an empty state and one overwriting the other.
   */
  async lockWindows(tx: Tx, tickers: readonly string[]): Promise<Map<string, TickerWindowState>> {
    const sorted = [...new Set(tickers)].sort();
    if (sorted.length === 0) return new Map();
    await tx.query(
      `INSERT INTO ${W.qualified} (ticker, state)
       SELECT * FROM unnest($1::text[], $2::jsonb[]) ORDER BY 1
       ON CONFLICT (ticker) DO NOTHING`,
      [sorted, sorted.map((t) => JSON.stringify(emptyTickerState(t)))],
    );
    const rows = await tx.query(`SELECT ${W.select()} FROM ${W.qualified} WHERE ticker = ANY($1::text[]) ORDER BY ticker FOR UPDATE`, [sorted]);
    return new Map(rows.map(W.parse).map((r) => [r.ticker, r.state]));
  }

  async saveWindows(tx: Tx, states: readonly TickerWindowState[]): Promise<void> {
    if (states.length === 0) return;
    await tx.query(
      `INSERT INTO ${W.qualified} (ticker, state)
       SELECT * FROM unnest($1::text[], $2::jsonb[])
       ON CONFLICT (ticker) DO UPDATE SET state = excluded.state, updated_at = now()`,
      [states.map((s) => s.ticker), states.map((s) => JSON.stringify(s))],
    );
  }

  /** Records signals once (by id); returns the ids that were new. */
  async insertSignals(tx: Tx, signals: readonly MarketSignalV1[]): Promise<Set<string>> {
    if (signals.length === 0) return new Set();
    const rows = await tx.query<{ signal_id: string }>(
      `INSERT INTO ${S.qualified} (signal_id, ticker, direction, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])
       ON CONFLICT (signal_id) DO NOTHING
       RETURNING signal_id`,
      [signals.map((s) => s.signalId), signals.map((s) => s.ticker), signals.map((s) => s.direction), signals.map((s) => JSON.stringify(s))],
    );
    return new Set(rows.map((r) => r.signal_id));
  }

  async signals(filter: { ticker?: string; page: number; pageSize: number }): Promise<{ items: SignalRow[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR ticker = $1)`;
    const [rows, count] = await Promise.all([
      this.db.query(`SELECT ${S.select()} FROM ${S.qualified} ${where} ORDER BY created_at DESC, signal_id LIMIT $2 OFFSET $3`, [
        filter.ticker ?? null,
        filter.pageSize,
        (filter.page - 1) * filter.pageSize,
      ]),
      this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${S.qualified} ${where}`, [filter.ticker ?? null]),
    ]);
    return { items: rows.map(S.parse), total: count[0]!.n };
  }

  async window(ticker: string): Promise<TickerWindowState | null> {
    const rows = await this.db.query(`SELECT ${W.select()} FROM ${W.qualified} WHERE ticker = $1`, [ticker]);
    return rows[0] ? W.parse(rows[0]).state : null;
  }

  /** Ticker windows, the most recently updated first. */
  async windows(page: { page: number; pageSize: number }): Promise<{ items: TickerWindowState[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.db.query(`SELECT ${W.select()} FROM ${W.qualified} ORDER BY updated_at DESC, ticker LIMIT $1 OFFSET $2`, [page.pageSize, (page.page - 1) * page.pageSize]),
      this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${W.qualified}`),
    ]);
    return { items: rows.map((r) => W.parse(r).state), total: count[0]!.n };
  }

  async tweet(tweetId: string): Promise<AnalysedTweetRow | null> {
    const rows = await this.db.query(`SELECT ${T.select()} FROM ${T.qualified} WHERE tweet_id = $1`, [tweetId]);
    return rows[0] ? T.parse(rows[0]) : null;
  }

  /** Forgets analysed tweets written before `before` (the dedup set and the evidence are kept that long); returns how many. */
  async pruneTweets(before: Date): Promise<number> {
    const rows = await this.db.query<{ n: number }>(`WITH gone AS (DELETE FROM ${T.qualified} WHERE created_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`, [before]);
    return rows[0]!.n;
  }
}
