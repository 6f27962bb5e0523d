import { Injectable } from '@nestjs/common';
import type { MarketSignalV1 } from '@tsunagu/contracts';
import { emptyTickerState, type SentimentEvidence, type TickerWindowState } from '@tsunagu/market-sentiment';
import { loadVersionedStates, ServiceDatabase, type LoadedState, type Tx } from '@tsunagu/platform';
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

  /**
   * Inserts the tweets not seen before (by id), in one statement from one JSON
   * document (the rows as they are: arrays of text parameters had the driver
   * escape every character of every evidence document), and returns the ids that were new.
   */
  async insertNewTweets(tx: Tx, rows: readonly NewTweet[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const inserted = await tx.query<{ tweet_id: string }>(
      `INSERT INTO ${T.qualified} (tweet_id, created_at, tickers, score, label, confidence, evidence, origin_partition, origin_offset)
       SELECT t."tweetId", to_timestamp(t."createdAt" / 1000.0), t.tickers, t.score, t.label, t.confidence, t.evidence, t.partition, t."offset"
         FROM json_to_recordset($1::json)
           AS t ("tweetId" text, "createdAt" float8, tickers text[], score float8, label text, confidence float8, evidence jsonb, partition int, "offset" bigint)
       ON CONFLICT (tweet_id) DO NOTHING
       RETURNING tweet_id`,
      [JSON.stringify(rows)],
    );
    return new Set(inserted.map((r) => r.tweet_id));
  }

  /**
   * The window states of some tickers, locked in ticker order (two instances
   * never deadlock). A ticker seen for the first time gets its row first, so
   * two instances that both meet it wait for each other instead of both
   * starting from an empty state and one overwriting the other. A state whose
   * version matches `cached` (the caller holds it already) is left out: only its
   * version travels.
   */
  async lockWindows(tx: Tx, tickers: readonly string[], cached: ReadonlyMap<string, number> = new Map()): Promise<Map<string, LoadedState<TickerWindowState>>> {
    const sorted = [...new Set(tickers)].sort();
    if (sorted.length === 0) return new Map();
    // a ticker held in memory was written before: it has its row (unless that write rolled back; see below)
    await this.insertEmptyWindows(tx, sorted.filter((t) => !cached.has(t)));
    const rows = await loadVersionedStates<TickerWindowState>(tx, W, 'ticker', sorted, cached);
    const missing = sorted.filter((t) => !rows.has(t));
    if (missing.length > 0) {
      // the write that put it in memory rolled back: its row, then its lock
      await this.insertEmptyWindows(tx, missing);
      for (const [ticker, r] of await loadVersionedStates<TickerWindowState>(tx, W, 'ticker', missing, cached)) rows.set(ticker, r);
    }
    return new Map([...rows].map(([ticker, r]) => [ticker, { version: r.version, state: r.state }]));
  }

  private async insertEmptyWindows(tx: Tx, sorted: readonly string[]): Promise<void> {
    if (sorted.length === 0) return;
    await tx.query(
      `INSERT INTO ${W.qualified} (ticker, state)
       SELECT e->>'ticker', e FROM json_array_elements($1::json) AS e ORDER BY 1
       ON CONFLICT (ticker) DO NOTHING`,
      [JSON.stringify(sorted.map((t) => emptyTickerState(t)))],
    );
  }

  /**
   * Writes the states in one statement from one JSON document (encoded once);
   * each state is stored as its own JSON text. Returns each ticker's new version
   * (a fresh number of the sequence).
   */
  async saveWindows(tx: Tx, states: readonly TickerWindowState[]): Promise<Map<string, number>> {
    if (states.length === 0) return new Map();
    const rows = await tx.query<{ ticker: string; version: string }>(
      `INSERT INTO ${W.qualified} (ticker, state)
       SELECT e->>'ticker', e FROM json_array_elements($1::json) AS e
       ON CONFLICT (ticker) DO UPDATE SET state = excluded.state, version = nextval('${W.schema}.ticker_window_versions'), updated_at = now()
       RETURNING ticker, version`,
      [JSON.stringify(states)],
    );
    return new Map(rows.map((r) => [r.ticker, Number(r.version)]));
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
