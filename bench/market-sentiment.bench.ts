/**
 * Market-sentiment benchmark: tweets per second on ONE core through the
 * engagement service's analysis (ticker extraction, tokenising, the trained
 * finance model, the lexicon with negation and intensifiers, and the per-ticker
 * sliding window with its signal rule), the same code the consumer runs per
 * tweet before its database transaction. Synthetic English finance tweets about
 * 50 tickers, in createdAt order; nothing is asserted, figures are printed.
 *
 *   npx tsx bench/market-sentiment.bench.ts
 *   BENCH_TWEETS=200000 BENCH_ROUNDS=5 npx tsx bench/market-sentiment.bench.ts
 */
import {
  addTweet,
  DEFAULT_SIGNAL_RULE,
  emptyTickerState,
  MarketSentimentAnalyzer,
  type TickerWindowState,
} from '@tsunagu/market-sentiment';

const TWEETS = Number(process.env.BENCH_TWEETS ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const TEMPLATES = [
  '$%s beats estimates and raises full-year guidance https://t.co/abc123',
  '$%s downgraded to sell at Goldman Sachs, price target cut to $%n',
  '$%s shares flat ahead of the earnings call on Thursday',
  'Very bullish on $%s, not worried about the slightly weaker margins',
  '%c to present at the investor conference next week https://t.co/xyz',
  '$%s plunges %n% after guidance miss; analysts not impressed',
  'Is $%s a buy here? Really strong quarter but valuation is stretched',
  '$%s $SPY rally continues as yields fall',
];
const COMPANIES = ['Tesla', 'Apple', 'Microsoft', 'Nvidia', 'Goldman Sachs', 'Bank of America', 'Boeing', 'Netflix'];

function syntheticTweets(n: number): Array<{ id: string; text: string; ts: number }> {
  const t0 = Date.UTC(2026, 10, 29, 9, 0, 0);
  let seed = 12345;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 0x100000000;
  return Array.from({ length: n }, (_, i) => {
    const k = Math.floor(rand() * 50);
    const ticker = `T${String.fromCharCode(65 + (k % 26))}${String.fromCharCode(65 + Math.floor(k / 26))}`;
    const text = TEMPLATES[i % TEMPLATES.length]!.replace('%s', ticker)
      .replace('%n', String(Math.floor(rand() * 300)))
      .replace('%c', COMPANIES[i % COMPANIES.length]!);
    // ~20 tweets per second of tweet time
    return { id: `b${i}`, text, ts: t0 + i * 50 };
  });
}

function run(analyzer: MarketSentimentAnalyzer, tweets: ReturnType<typeof syntheticTweets>): { ms: number; signals: number; tickerMentions: number } {
  const windows = new Map<string, TickerWindowState>();
  let signals = 0;
  let tickerMentions = 0;
  const started = process.hrtime.bigint();
  for (const tweet of tweets) {
    const analysis = analyzer.analyse(tweet.text);
    for (const { ticker } of analysis.tickers) {
      tickerMentions++;
      const result = addTweet(windows.get(ticker) ?? emptyTickerState(ticker), [tweet.id, tweet.ts, analysis.sentiment.score], DEFAULT_SIGNAL_RULE);
      windows.set(ticker, result.state);
      if (result.signal) signals++;
    }
  }
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, signals, tickerMentions };
}

function main(): void {
  const loadStarted = Date.now();
  const analyzer = new MarketSentimentAnalyzer();
  const loadMs = Date.now() - loadStarted;
  const tweets = syntheticTweets(TWEETS);
  run(analyzer, tweets.slice(0, Math.min(5000, tweets.length))); // warm-up (JIT)
  const results = Array.from({ length: ROUNDS }, () => run(analyzer, tweets));
  const rates = results.map((r) => (TWEETS / r.ms) * 1000).sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)]!;

  // analysis alone (no window), to show where the time goes
  const started = process.hrtime.bigint();
  for (const t of tweets) analyzer.analyse(t.text);
  const analyseOnly = (TWEETS / (Number(process.hrtime.bigint() - started) / 1e6)) * 1000;

  console.log(
    JSON.stringify(
      {
        bench: 'market-sentiment',
        node: process.version,
        cores: 1,
        model: analyzer.modelName,
        modelLoadMs: loadMs,
        tweets: TWEETS,
        rounds: ROUNDS,
        tweetsPerSecondPerCore: { median: Math.round(median), min: Math.round(rates[0]!), max: Math.round(rates[rates.length - 1]!) },
        analyseOnlyTweetsPerSecond: Math.round(analyseOnly),
        microsecondsPerTweet: Math.round((1e6 / median) * 10) / 10,
        tickerMentionsPerRound: results[0]!.tickerMentions,
        signalsPerRound: results[0]!.signals,
      },
      null,
      2,
    ),
  );
}

main();
