import { Inject, Injectable } from '@nestjs/common';
import { HEADERS, marketSignalV1Schema, TOPICS, type MarketSignalV1, type TweetV1 } from '@tsunagu/contracts';
import {
  addTweet,
  emptyTickerState,
  windowStats,
  windowTweetIds,
  type MarketSentimentAnalyzer,
  type SignalRuleConfig,
  type TickerWindowState,
  type TweetAnalysis,
} from '@tsunagu/market-sentiment';
import { createLogger, PLATFORM_TOKENS, TransientError, type IncomingMessage, type MessageBus } from '@tsunagu/platform';
import { MARKET_SENTIMENT, MARKET_SENTIMENT_TOKENS } from '../market-sentiment.constants';
import { SentimentStateRepository, type AnalysedTweetRow } from './sentiment-state.repository';

export interface BatchOutcome {
  analysed: number;
  duplicates: number;
  /** at or below the partition's stored offset: already processed before a restart or rebalance */
  replayed: number;
  withoutTicker: number;
  notEnglish: number;
  signals: MarketSignalV1[];
}

/** The languages the sentiment model reads (it is trained on English finance tweets). */
const ANALYSED_LANGUAGES = new Set(['en']);

/**
 * The engagement side of pair 3: analyses each tweet (tickers, sentiment with
 * evidence), folds it into its tickers' sliding windows and emits a market
 * signal when the rule fires. The tweets' `createdAt` is the clock. State,
 * dedup set, signals and the partition's offset are written in one transaction,
 * so a restart or rebalance resumes exactly where the last commit left off;
 * signals are published from the outbox after the commit.
 */
@Injectable()
export class MarketSentimentService {
  private readonly logger = createLogger('market-sentiment');
  /** one outbox flush at a time in this process */
  private flushing: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly repository: SentimentStateRepository,
    @Inject(MARKET_SENTIMENT_TOKENS.analyzer) private readonly analyzer: MarketSentimentAnalyzer,
    @Inject(MARKET_SENTIMENT_TOKENS.options) private readonly rule: SignalRuleConfig,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
  ) {}

  analyse(text: string): TweetAnalysis {
    return this.analyzer.analyse(text);
  }

  /** The tweets of one partition batch, in offset order. */
  async handleBatch(groupId: string, items: ReadonlyArray<{ readonly value: TweetV1; readonly message: IncomingMessage }>): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { analysed: 0, duplicates: 0, replayed: 0, withoutTicker: 0, notEnglish: 0, signals: [] };
    if (items.length === 0) return outcome;
    const { topic, partition } = items[0]!.message;
    const lastOffset = items[items.length - 1]!.message.offset;

    // CPU work before the transaction holds any lock
    const analysed: AnalysedTweetRow[] = [];
    for (const { value: tweet, message } of items) {
      if (!ANALYSED_LANGUAGES.has(tweet.lang.toLowerCase().split('-')[0]!)) {
        outcome.notEnglish++;
        continue;
      }
      const analysis = this.analyzer.analyse(tweet.text);
      if (analysis.tickers.length === 0) {
        outcome.withoutTicker++;
        continue;
      }
      analysed.push({
        tweetId: tweet.id,
        createdAt: new Date(tweet.createdAt),
        tickers: analysis.tickers.map((t) => t.ticker),
        score: analysis.sentiment.score,
        label: analysis.sentiment.label,
        confidence: analysis.sentiment.confidence,
        evidence: analysis.sentiment.evidence,
        partition: message.partition,
        offset: message.offset,
      });
    }

    await this.repository.transaction(async (em) => {
      const stored = await this.repository.lockOffset(em, groupId, topic, partition);
      const pending = analysed.filter((r) => BigInt(r.offset) > stored);
      outcome.replayed = analysed.length - pending.length;
      // the same tweet twice in one batch counts once
      const unique = [...new Map(pending.map((r) => [r.tweetId, r])).values()];
      const fresh = await this.repository.insertNewTweets(em, unique);
      const tweets = unique.filter((r) => fresh.has(r.tweetId));
      outcome.duplicates = pending.length - tweets.length;
      outcome.analysed = tweets.length;

      const windows = await this.repository.lockWindows(em, tweets.flatMap((t) => t.tickers));
      const touched = new Map<string, TickerWindowState>();
      for (const tweet of tweets) {
        for (const ticker of tweet.tickers) {
          const state = touched.get(ticker) ?? windows.get(ticker) ?? emptyTickerState(ticker);
          const result = addTweet(state, [tweet.tweetId, tweet.createdAt.getTime(), tweet.score], this.rule);
          touched.set(ticker, result.state);
          if (result.signal) outcome.signals.push(marketSignalV1Schema.parse({ ...result.signal, model: this.analyzer.modelName }));
        }
      }
      await this.repository.saveWindows(em, [...touched.values()]);
      await this.repository.insertSignals(em, outcome.signals);
      if (BigInt(lastOffset) > stored) await this.repository.saveOffset(em, groupId, topic, partition, lastOffset);
    });

    for (const s of outcome.signals) {
      this.logger.info('market signal', { signalId: s.signalId, ticker: s.ticker, direction: s.direction, tweets: s.tweetCount, meanSentiment: s.meanSentiment, volumeZ: s.volumeZ });
    }
    if (outcome.signals.length > 0) await this.flushOutbox();
    return outcome;
  }

  /**
   * Publishes every signal not yet published (after a crash between the commit
   * and the publish, the next flush sends it; trading is idempotent on the
   * signal id). One produce request per flush.
   */
  flushOutbox(): Promise<number> {
    const run = this.flushing.then(async () => {
      let sent = 0;
      for (;;) {
        const pending = await this.repository.unpublishedSignals();
        if (pending.length === 0) return sent;
        try {
          await this.bus.publish(
            TOPICS.marketSignals,
            pending.map((s) => ({
              key: s.ticker,
              value: JSON.stringify(s),
              headers: { [HEADERS.schema]: 'market-signal.v1', [HEADERS.producer]: MARKET_SENTIMENT.serviceName, [HEADERS.correlationId]: s.signalId },
            })),
          );
        } catch (err) {
          throw new TransientError(`publishing ${pending.length} market signal(s) failed`, err);
        }
        await this.repository.markPublished(pending.map((s) => s.signalId));
        sent += pending.length;
      }
    });
    this.flushing = run.catch(() => 0);
    return run;
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
}
