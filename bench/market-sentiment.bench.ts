/**
 * Market-sentiment benchmark: tweets per second on ONE core on realistic text —
 * the labelled finance tweets of ../shared/data/ (the held-out part and the rest,
 * as written by people, not templates) and our everyday-language set — through
 * the engagement service's analysis: tickers, tokenising, the lexicon, the trained
 * model and the label rule; then the same with the per-ticker sliding window. The
 * baseline, measured in the same run on the same tweets, is natural's plain AFINN
 * analyser (tokenizer + AFINN + Porter stemmer), with the ratio. Figures are
 * printed and written to bench/reports/market-sentiment.json; nothing is asserted.
 *
 *   npm run bench:market-sentiment
 *   BENCH_TWEETS=200000 BENCH_ROUNDS=5 npm run bench:market-sentiment
 */
import { readFileSync } from 'node:fs';
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
import { measureRate } from './support/measure';
import { writeReport } from './support/report';

const TWEETS = Number(process.env.BENCH_TWEETS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function corpus(): { texts: string[]; source: string } {
  const everyday = parseEveryday(readFileSync(EVERYDAY_EVAL_JSONL, 'utf8')).map((e) => e.text);
  if (!financeTweetsAvailable()) return { texts: everyday, source: `everyday set only (${FINANCE_TWEETS_CSV} not found)` };
  const finance = parseLabelledTweets(readFileSync(FINANCE_TWEETS_CSV, 'utf8')).map((r) => r.text);
  return { texts: [...finance, ...everyday], source: `../shared/data/financial-tweets-train.csv (${finance.length}) + everyday set (${everyday.length})` };
}

function main(): void {
  const { texts, source } = corpus();
  const loadStarted = Date.now();
  const analyzer = new MarketSentimentAnalyzer();
  const loadMs = Date.now() - loadStarted;
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
    analysis: { tweetsPerSecond: analysis, microsecondsPerTweet: Math.round((1e6 / analysis.median) * 100) / 100 },
    withTickerWindow: { tweetsPerSecond: pipeline, signals },
    baseline: { name: "natural's plain AFINN analyser (WordTokenizer + AFINN + PorterStemmer)", tweetsPerSecond: baseline },
    ratio: Math.round((analysis.median / baseline.median) * 1000) / 1000,
    checksum: Math.round(sink),
  };
  const out = writeReport('market-sentiment', report);
  console.log(`market-sentiment bench: ${TWEETS} tweets × ${ROUNDS} rounds, one core, ${source}`);
  console.log(`  analysis (tickers, lexicon, model, label): median ${analysis.median} tweets/s (min ${analysis.min}, max ${analysis.max}), ${report.analysis.microsecondsPerTweet} µs/tweet — target ${report.target.tweetsPerSecond}`);
  console.log(`  with the per-ticker window: median ${pipeline.median} tweets/s (${signals} signals)`);
  console.log(`  baseline, same run: natural's plain AFINN ${baseline.median} tweets/s`);
  console.log(`  ratio analysis / baseline: ${report.ratio}`);
  console.log(`  written ${out}`);
}

main();
