import { Inject, Injectable } from '@nestjs/common';
import { marketSignalV1Schema, TOPICS, type MarketSignalV1, type TweetV2 } from '@tsunagu/contracts';
import {
  addTweet,
  emptyTickerState,
  TickerExtractor,
  windowStats,
  windowTweetIds,
  type MarketSentimentAnalyzer,
  type SignalRuleConfig,
  type TickerWindowState,
  type TweetAnalysis,
  type TweetSentiment,
} from '@tsunagu/market-sentiment';
import { createLogger, PLATFORM_TOKENS, StateCache, type Cause, type Clock, type Delivery, type Tx } from '@tsunagu/platform';
import type { MarketSentimentOptions } from '../market-sentiment.config';
import { MARKET_SENTIMENT_TOKENS } from '../market-sentiment.constants';
import { SentimentStateRepository, type NewTweet } from './sentiment-state.repository';

/** What the analysis made of one tweet before the transaction (CPU work only). */
export type PreparedTweet =
  | { readonly kind: 'not-english' }
  | { readonly kind: 'no-ticker' }
  | { readonly kind: 'analysed'; readonly tickers: readonly string[]; readonly sentiment: TweetSentiment };

export interface BatchOutcome {
  analysed: number;
  duplicates: number;
  withoutTicker: number;
  notEnglish: number;
  /** written further past the wall clock than the allowed skew: counted nowhere */
  future: number;
  signals: MarketSignalV1[];
}

/** The languages the sentiment model reads (it is trained on English finance tweets). */
const ANALYSED_LANGUAGES = new Set(['en']);

/** The catalogue's ticker names (the analyser's default extractor): whether a tweet names a company at all. */
const TICKERS = new TickerExtractor();

/**
 * Language, tickers and sentiment of one tweet: the per-tweet work of the
 * consumer, outside any transaction. Most tweets name no company: the sentiment
 * (most of the analysis' time) is computed only for those that do.
 */
export function prepareTweet(analyzer: MarketSentimentAnalyzer, tweet: TweetV2): PreparedTweet {
  if (!ANALYSED_LANGUAGES.has(tweet.lang.toLowerCase().split('-')[0]!)) return { kind: 'not-english' };
  if (TICKERS.extract(tweet.text).length === 0) return { kind: 'no-ticker' };
  const analysis = analyzer.analyse(tweet.text);
  if (analysis.tickers.length === 0) return { kind: 'no-ticker' };
  return { kind: 'analysed', tickers: analysis.tickers.map((t) => t.ticker), sentiment: analysis.sentiment };
}

/**
 * The engagement side of pair 3: each analysed tweet (tickers, sentiment with
 * evidence) is folded into its tickers' sliding windows and a market signal is
 * emitted when the rule fires. The tweets' `createdAt` is the clock, per ticker (its
 * watermark), bounded by the wall clock: a tweet stamped further than
 * `maxClockSkewMs` ahead is counted nowhere. Tweets,
 * window state and signals are written in the consumer's transaction (with the
 * kernel's offset), and each signal leaves through the outbox after the commit,
 * caused by the tweet that made it fire.
 */
@Injectable()
export class MarketSentimentService {
  private readonly logger = createLogger('market-sentiment.analysis');
  /** the windows this instance wrote, by row version: a batch reads back versions, not states, while no one else writes them */
  private readonly cache = new StateCache<TickerWindowState>();

  constructor(
    private readonly repository: SentimentStateRepository,
    @Inject(MARKET_SENTIMENT_TOKENS.analyzer) private readonly analyzer: MarketSentimentAnalyzer,
    @Inject(MARKET_SENTIMENT_TOKENS.options) private readonly rule: SignalRuleConfig & Partial<Pick<MarketSentimentOptions, 'maxClockSkewMs'>>,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
  ) {}

  analyse(text: string): TweetAnalysis {
    return this.analyzer.analyse(text);
  }

  prepare(tweet: TweetV2): PreparedTweet {
    return prepareTweet(this.analyzer, tweet);
  }

  /** The new tweets of one partition batch, in offset order, inside the consumer's transaction. */
  async apply(tx: Tx, deliveries: ReadonlyArray<Delivery<TweetV2, PreparedTweet>>): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { analysed: 0, duplicates: 0, withoutTicker: 0, notEnglish: 0, future: 0, signals: [] };
    // a ticker's watermark is its newest tweet: one from the future would push every later tweet out of its window
    const latest = this.clock.now() + (this.rule.maxClockSkewMs ?? 300_000);
    // the same tweet twice in one batch counts once
    const unique = new Map<string, { tweet: NewTweet; cause: Cause }>();
    let analysed = 0;
    for (const { value, message, cause, prepared } of deliveries) {
      if (prepared.kind === 'not-english') outcome.notEnglish++;
      else if (prepared.kind === 'no-ticker') outcome.withoutTicker++;
      else if (value.createdAt > latest) outcome.future++;
      else {
        analysed++;
        if (unique.has(value.id)) continue;
        const { score, label, confidence, evidence } = prepared.sentiment;
        unique.set(value.id, {
          tweet: { tweetId: value.id, createdAt: value.createdAt, tickers: prepared.tickers, score, label, confidence, evidence, partition: message.partition, offset: message.offset },
          cause,
        });
      }
    }
    const fresh = await this.repository.insertNewTweets(tx, [...unique.values()].map((u) => u.tweet));
    const tweets = [...unique.values()].filter((u) => fresh.has(u.tweet.tweetId));
    outcome.duplicates = analysed - tweets.length;
    outcome.analysed = tweets.length;

    const tickers = [...new Set(tweets.flatMap((t) => t.tweet.tickers))];
    const windows = this.cache.take(await this.repository.lockWindows(tx, tickers, this.cache.versionsOf(tickers)));
    const touched = new Map<string, TickerWindowState>();
    const emitted: Array<{ value: MarketSignalV1; cause: Cause }> = [];
    for (const { tweet, cause } of tweets) {
      for (const ticker of tweet.tickers) {
        const state = touched.get(ticker) ?? windows.get(ticker) ?? emptyTickerState(ticker);
        const result = addTweet(state, [tweet.tweetId, tweet.createdAt, tweet.score], this.rule);
        touched.set(ticker, result.state);
        if (result.signal) emitted.push({ value: marketSignalV1Schema.parse({ ...result.signal, model: this.analyzer.modelName }), cause });
      }
    }
    const versions = await this.repository.saveWindows(tx, [...touched.values()]);
    this.cache.remember([...touched.values()].map((state) => ({ id: state.ticker, state, version: versions.get(state.ticker)! })));
    const recorded = await this.repository.insertSignals(tx, emitted.map((s) => s.value));
    const signals = emitted.filter((s) => recorded.has(s.value.signalId));
    tx.publish(TOPICS.marketSignals, signals);
    outcome.signals = signals.map((s) => s.value);
    for (const s of outcome.signals) {
      this.logger.info('market signal', { signalId: s.signalId, ticker: s.ticker, direction: s.direction, tweets: s.tweetCount, meanSentiment: s.meanSentiment, volumeZ: s.volumeZ });
    }
    if (outcome.future > 0) this.logger.warn('tweets ahead of the clock not counted', { tweets: outcome.future, maxClockSkewMs: this.rule.maxClockSkewMs });
    return outcome;
  }

  async tickerView(ticker: string): Promise<Record<string, unknown> | null> {
    const state = await this.repository.window(ticker);
    if (!state) return null;
    return { ...windowStats(state, this.rule), lastSignal: state.lastSignal, tweetIds: windowTweetIds(state, this.rule) };
  }

  async tickers(page: { page: number; pageSize: number }): Promise<{ items: Array<Record<string, unknown>>; total: number }> {
    const { items, total } = await this.repository.windows(page);
    return { total, items: items.map((s) => ({ ...windowStats(s, this.rule), lastSignal: s.lastSignal })) };
  }

  /** One analysed tweet with its evidence and where it was read on the tweet topic. */
  async tweet(id: string): Promise<Record<string, unknown> | null> {
    const row = await this.repository.tweet(id);
    if (!row) return null;
    const { originPartition, originOffset, ...rest } = row;
    return { ...rest, partition: originPartition, offset: originOffset };
  }
}
