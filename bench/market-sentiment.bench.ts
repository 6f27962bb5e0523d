/**
 * Market-sentiment benchmark: tweets per second on ONE core on realistic text —
 * the labelled finance tweets of ../shared/data/ (the held-out part and the rest,
 * as written by people, not templates) and our everyday-language set — through
 * the engagement service's analysis: tickers, tokenising, the lexicon, the trained
 * model and the label rule; then the same with the per-ticker sliding window. The
 * baseline, measured in the same run on the same tweets, is natural's plain AFINN
 * analyser (tokenizer + AFINN + Porter stemmer), with the ratio. Figures are
 * printed and written to bench/reports/market-sentiment.json; nothing is asserted.
 * With BENCH_SERVICE=1 also the service's batch path as the kernel runs it on a
 * real PostgreSQL (an embedded one unless DATABASE_URL is set): decode and
 * validation, the consumer's prepare (language, tickers, sentiment), one
 * transaction per partition batch (analysed tweets, ticker windows, signals, the
 * offset, the signals' outbox rows), the outbox relayed; at partition batches of
 * BENCH_SERVICE_BATCHES (500 and 2000), whole machine (node and PostgreSQL share
 * its cores), beside decode + validate + prepare alone on one core (its ceiling).
 * BENCH_SERVICE=only runs that part alone (printed, no report written);
 * BENCH_PROFILE=<dir> writes a CPU profile of each service run there.
 *
 *   npm run bench:market-sentiment
 *   BENCH_TWEETS=200000 BENCH_ROUNDS=5 npm run bench:market-sentiment
 *   BENCH_SERVICE=1 npm run bench:market-sentiment
 *   BENCH_SERVICE=only BENCH_SERVICE_BATCHES=500 BENCH_PROFILE=/tmp/prof npm run bench:market-sentiment
 */
import { readFileSync } from 'node:fs';
import { TOPICS, tweetV2Schema, type TweetV2 } from '@tsunagu/contracts';
import { loadConfig, setLogLevel, SYSTEM_CLOCK, type BatchConsumer } from '@tsunagu/platform';
import { MARKET_SENTIMENT_SCHEMA, MARKET_SENTIMENT_SERVICE, marketSentimentEnv, MarketSentimentService, prepareTweet } from '@apps/market-sentiment';
import { SentimentStateRepository } from '../apps/market-sentiment/src/analysis/sentiment-state.repository';
import { TweetsConsumer } from '../apps/market-sentiment/src/analysis/tweets.consumer';
import { marketSentimentOptionsFromEnv } from '../apps/market-sentiment/src/market-sentiment.config';
import {
  addTweet,
  DEFAULT_SIGNAL_RULE,
  emptyTickerState,
  EVERYDAY_EVAL_JSONL,
  MarketSentimentAnalyzer,
  parseEveryday,
  parseLabelledTweets,
  PlainAfinnBaseline,
  type TickerWindowState,
} from '@tsunagu/market-sentiment';
import { FINANCE_TWEETS_CSV, financeTweetsAvailable } from '../libs/market-sentiment/src/training/dataset-path';
import { decodeAndPrepareRate, measureConsumerPath, partitionLogs, serviceRunsAt } from './support/bench-service';
import { measureRate } from './support/measure';
import { writeReport } from './support/report';
import { benchSizes } from './support/settings';

const { TWEETS, ROUNDS } = benchSizes({ TWEETS: 100_000, ROUNDS: 3 });
const PARTITIONS = 3;
const OPTIONS = marketSentimentOptionsFromEnv(loadConfig(marketSentimentEnv, {}));

function corpus(): { texts: string[]; source: string } {
  const everyday = parseEveryday(readFileSync(EVERYDAY_EVAL_JSONL, 'utf8')).map((e) => e.text);
  if (!financeTweetsAvailable()) return { texts: everyday, source: `everyday set only (${FINANCE_TWEETS_CSV} not found)` };
  const finance = parseLabelledTweets(readFileSync(FINANCE_TWEETS_CSV, 'utf8')).map((r) => r.text);
  return { texts: [...finance, ...everyday], source: `../shared/data/financial-tweets-train.csv (${finance.length}) + everyday set (${everyday.length})` };
}

/** The stream the service consumes: the corpus in a seeded random order, 50 ms of tweet time apart and ending now (the service bounds its clock by the wall clock), in English. */
function tweetStream(texts: readonly string[], n: number): TweetV2[] {
  let seed = 2424;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 0x100000000;
  // ends on the last whole hour: the windows' slots and buckets fall alike in every run
  const end = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  return Array.from({ length: n }, (_, i) => ({ id: `ms${i}`, author: `u${Math.floor(rand() * 5000)}`, text: texts[Math.floor(rand() * texts.length)]!, lang: 'en', createdAt: end - (n - 1 - i) * 50 }));
}

/**
 * Tweets per second through the market-sentiment service's batch path as the
 * kernel runs it on a real PostgreSQL, tweets keyed by id over PARTITIONS partitions;
 * with the signals it recorded (the same in every run: a check that the path's
 * changes left what it finds alone).
 */
async function serviceFigure(analyzer: MarketSentimentAnalyzer, tweets: readonly TweetV2[], url: string, batch: number): Promise<{ rate: number; found: Record<string, number> }> {
  return measureConsumerPath(
    MARKET_SENTIMENT_SERVICE,
    url,
    (db) => new (TweetsConsumer as unknown as new (s: MarketSentimentService) => BatchConsumer)(new MarketSentimentService(new SentimentStateRepository(db), analyzer, OPTIONS, SYSTEM_CLOCK)),
    partitionLogs(TOPICS.tweets, tweets, (t) => t.id, (t) => t.createdAt, PARTITIONS),
    batch,
    { name: `market-service-batch-${batch}`, found: { signals: `SELECT count(*)::int AS n FROM ${MARKET_SENTIMENT_SCHEMA}.signals` } },
  );
}

/** The service path at each batch size of BENCH_SERVICE_BATCHES, beside its one-core baseline (printed; returned for the report). */
async function serviceRuns(analyzer: MarketSentimentAnalyzer, texts: readonly string[]): Promise<Record<string, unknown>> {
  setLogLevel('warn');
  const tweets = tweetStream(texts, TWEETS);
  const withTicker = tweets.filter((t) => prepareTweet(analyzer, t).kind === 'analysed').length;
  const baseline = decodeAndPrepareRate(tweetV2Schema, tweets, (t) => prepareTweet(analyzer, t));
  console.log(`  decode + validate + prepare, one core, no database (the service path's baseline): ${baseline} tweets/s (${withTicker} of ${tweets.length} name a ticker)`);
  const runs = await serviceRunsAt(`service batch path in tweets (kernel: decode, prepare, one transaction per partition batch on PostgreSQL, outbox relayed; ${PARTITIONS} partitions)`, baseline, (url, batch) =>
    serviceFigure(analyzer, tweets, url, batch),
  );
  return { tweets: tweets.length, withTicker, partitions: PARTITIONS, baseline: { name: 'decode + validate + prepare, one core, no database', tweetsPerSecond: baseline }, runs };
}

async function main(): Promise<void> {
  const { texts, source } = corpus();
  const loadStarted = Date.now();
  const analyzer = new MarketSentimentAnalyzer();
  const loadMs = Date.now() - loadStarted;
  // BENCH_SERVICE=only: the service path alone, printed, no report written
  if (process.env.BENCH_SERVICE === 'only') return void (await serviceRuns(analyzer, texts));

  const afinn = new PlainAfinnBaseline();
  const text = (i: number) => texts[i % texts.length]!;

  let sink = 0;
  const baseline = measureRate(TWEETS, ROUNDS, (i) => (sink += afinn.score(text(i))));
  const analysis = measureRate(TWEETS, ROUNDS, (i) => (sink += analyzer.analyse(text(i)).sentiment.score));
  const windows = new Map<string, TickerWindowState>();
  const t0 = Date.UTC(2026, 10, 29, 9, 0, 0);
  let signals = 0;
  const pipeline = measureRate(TWEETS, ROUNDS, (i) => {
    const a = analyzer.analyse(text(i));
    for (const { ticker } of a.tickers) {
      const result = addTweet(windows.get(ticker) ?? emptyTickerState(ticker), [`b${i}`, t0 + i * 50, a.sentiment.score], DEFAULT_SIGNAL_RULE);
      windows.set(ticker, result.state);
      if (result.signal) signals++;
    }
  });

  const microsecondsPerTweet = Math.round((1e6 / analysis.median) * 100) / 100;
  const ratio = Math.round((analysis.median / baseline.median) * 1000) / 1000;
  const report = {
    bench: 'market-sentiment',
    node: process.version,
    cores: 1,
    corpus: source,
    model: analyzer.modelName,
    modelLoadMs: loadMs,
    tweets: TWEETS,
    rounds: ROUNDS,
    target: { tweetsPerSecond: 100_000, what: 'finance sentiment (tickers + lexicon + model + label rule), one core' },
    analysis: { tweetsPerSecond: analysis, microsecondsPerTweet },
    withTickerWindow: { tweetsPerSecond: pipeline, signals },
    baseline: { name: "natural's plain AFINN analyser (WordTokenizer + AFINN + PorterStemmer)", tweetsPerSecond: baseline },
    ratio,
    checksum: Math.round(sink),
  } as Record<string, unknown>;
  if (process.env.BENCH_SERVICE === '1') report.service = await serviceRuns(analyzer, texts);
  const out = writeReport('market-sentiment', report);
  console.log(`market-sentiment bench: ${TWEETS} tweets × ${ROUNDS} rounds, one core, ${source}`);
  console.log(`  analysis (tickers, lexicon, model, label): median ${analysis.median} tweets/s (min ${analysis.min}, max ${analysis.max}), ${microsecondsPerTweet} µs/tweet — target 100000`);
  console.log(`  with the per-ticker window: median ${pipeline.median} tweets/s (${signals} signals)`);
  console.log(`  baseline, same run: natural's plain AFINN ${baseline.median} tweets/s`);
  console.log(`  ratio analysis / baseline: ${ratio}`);
  console.log(`  written ${out}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
