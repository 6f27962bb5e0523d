/**
 * Tweet-analysis benchmark: tweets per second on ONE core on realistic text —
 * the shipped labelled posts and the blind set (Japanese and English, reports and
 * hard negatives, as people write them) — through delay detection: classification
 * (lexicon, trap rules, character n-gram classifier) and line resolution
 * (gazetteer of 131 lines), for Japanese and English separately; then the whole
 * consumer path with the per-line burst detector stepped once per batch of 100
 * tweets, its state kept in memory and written as JSON per batch without its
 * window of reports (as the service does: it parses a stored state only when another instance wrote it),
 * with a burst on one line every few minutes. The baseline, measured in the same
 * run on the same tweets, is natural's tokenizers alone (TinySegmenter for
 * Japanese, WordTokenizer + Porter stemmer for English), which the previous
 * pipeline ran before anything else. Figures are printed and written to
 * bench/reports/tweet-analysis.json; nothing is asserted. With BENCH_SERVICE=1
 * also the service's batch path as the kernel runs it on a real PostgreSQL (an
 * embedded one unless DATABASE_URL is set): decode and validation, the consumer's
 * prepare (analysis), one transaction per partition batch (reports, line states,
 * clock, offset, the changes' outbox rows), the outbox relayed; at partition batches
 * of BENCH_SERVICE_BATCHES (500 and 2000), whole machine (node and PostgreSQL share
 * its cores), beside decode + validate + analyse alone on one core (its ceiling).
 * BENCH_PROFILE=<dir> writes a CPU profile of each service run there.
 *
 *   npm run bench:tweet-analysis
 *   BENCH_TWEETS=200000 BENCH_ROUNDS=5 npm run bench:tweet-analysis
 *   BENCH_SERVICE=1 npm run bench:tweet-analysis
 *   BENCH_SERVICE=1 BENCH_SERVICE_BATCHES=500 BENCH_PROFILE=/tmp/prof npm run bench:tweet-analysis
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  emptyLineState,
  LineBurstDetector,
  parseLabelledTweets,
  PorterStemmer,
  TokenizerJa,
  TweetAnalyser,
  WordTokenizer,
  type LineBurstState,
  type LineReport,
  type TweetInput,
} from '@tsunagu/tweet-analysis';
import { TOPICS, tweetV2Schema, type TweetV2 } from '@tsunagu/contracts';
import { loadConfig, setLogLevel, SYSTEM_CLOCK, type BatchConsumer, type ServiceDatabase } from '@tsunagu/platform';
import { TWEET_ANALYSIS, TWEET_ANALYSIS_SERVICE, tweetAnalysisEnv } from '@apps/tweet-analysis';
import { DetectionRepository } from '../apps/tweet-analysis/src/detection/detection.repository';
import { DetectionService } from '../apps/tweet-analysis/src/detection/detection.service';
import { TweetsConsumer } from '../apps/tweet-analysis/src/detection/tweets.consumer';
import { tweetAnalysisOptionsFromEnv } from '../apps/tweet-analysis/src/tweet-analysis.config';
import { decodeAndPrepareRate, measureConsumerPath, partitionLogs, serviceRunsAt } from './support/bench-service';
import { measureRate } from './support/measure';
import { writeReport } from './support/report';
import { benchSizes } from './support/settings';

const { TWEETS, ROUNDS } = benchSizes({ TWEETS: 100_000, ROUNDS: 3 });
const BATCH = 100;
const PARTITIONS = 3;
const OPTIONS = tweetAnalysisOptionsFromEnv(loadConfig(tweetAnalysisEnv, {}));
const DATA = resolve(__dirname, '../libs/tweet-analysis/data');

const labelled = parseLabelledTweets(readFileSync(resolve(DATA, 'delay-tweets.labelled.jsonl'), 'utf8'));
const blind = parseLabelledTweets(readFileSync(resolve(DATA, 'delay-tweets.blind.jsonl'), 'utf8'));
const corpus = [...labelled, ...blind];
const BURST = ['山手線止まってる 新宿', '山手線 運転見合わせ 渋谷', '山手線 人身事故 遅延 品川', 'Yamanote line suspended at Shibuya'];

function stream(n: number): TweetInput[] {
  const t0 = Date.UTC(2026, 10, 29, 7, 0, 0);
  let seed = 4242;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 0x100000000;
  return Array.from({ length: n }, (_, i) => {
    const createdAt = t0 + i * 50;
    // one minute of burst every ten minutes of tweet time
    const inBurst = Math.floor(createdAt / 60_000) % 10 === 0 && rand() < 0.2;
    const text = inBurst ? BURST[i % BURST.length]! : corpus[Math.floor(rand() * corpus.length)]!.text;
    return { id: `bt${i}`, author: `u${Math.floor(rand() * 5000)}`, text, createdAt };
  });
}

function pipeline(analyser: TweetAnalyser, detector: LineBurstDetector, tweets: readonly TweetInput[]): { ms: number; reports: number; changes: number } {
  const stored = new Map<string, string>();
  const states = new Map<string, LineBurstState>();
  const active = new Set<string>();
  let reports = 0;
  let changes = 0;
  const started = process.hrtime.bigint();
  for (let from = 0; from < tweets.length; from += BATCH) {
    const batch = tweets.slice(from, from + BATCH);
    const byLine = new Map<string, LineReport[]>();
    for (const t of batch) {
      for (const r of analyser.analyse(t).reports) {
        reports++;
        byLine.set(r.lineId, [...(byLine.get(r.lineId) ?? []), r]);
      }
    }
    const now = batch[batch.length - 1]!.createdAt;
    for (const lineId of new Set([...byLine.keys(), ...active])) {
      const step = detector.step(states.get(lineId) ?? emptyLineState(lineId), byLine.get(lineId) ?? [], now);
      changes += step.changes.length;
      if (step.state.active) active.add(lineId);
      else active.delete(lineId);
      states.set(lineId, step.state);
      // as the service stores it: without the window, whose reports are stored one by one
      stored.set(lineId, JSON.stringify({ ...step.state, recent: undefined }));
    }
  }
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, reports, changes };
}

/**
 * The tweets as the service consumes them (Japanese tag; tweet time shifted by
 * whole hours to end within the last hour: the service bounds its clock by the wall
 * clock, and the detector's buckets fall alike in every run).
 */
function asConsumed(tweets: readonly TweetInput[]): TweetV2[] {
  const shift = Math.floor((Date.now() - tweets[tweets.length - 1]!.createdAt) / 3_600_000) * 3_600_000;
  return tweets.map((t) => ({ ...t, lang: 'ja', createdAt: t.createdAt + shift }));
}

/**
 * Tweets per second through the detection service's batch path as the kernel runs
 * it on a real PostgreSQL: decode and validation, analysis (the consumer's
 * prepare), one transaction per partition batch holding the reports, the line
 * states, the clock, the offset and the changes' outbox rows; the outbox relayed
 * to the in-process bus, in the time. Tweets are keyed by id over PARTITIONS
 * partitions. With the disruption changes it logged (the same in every run: a
 * check that the path's changes left what it finds alone).
 */
async function serviceFigure(tweets: readonly TweetV2[], url: string, batch: number): Promise<{ rate: number; found: Record<string, number> }> {
  return measureConsumerPath(
    TWEET_ANALYSIS_SERVICE,
    url,
    (db) => new (TweetsConsumer as unknown as new (s: DetectionService) => BatchConsumer)(new DetectionService(new DetectionRepository(db), db, OPTIONS, SYSTEM_CLOCK)),
    partitionLogs(TOPICS.tweets, tweets, (t) => t.id, (t) => t.createdAt, PARTITIONS),
    batch,
    {
      name: `tweet-service-batch-${batch}`,
      // the clock row the migration put there
      seed: [`INSERT INTO ${TWEET_ANALYSIS.schema}.clock (id, watermark) VALUES (1, 0)`],
      found: { 'disruption changes': `SELECT count(*)::int AS n FROM ${TWEET_ANALYSIS.schema}.disruptions` },
    },
  );
}

/** The service path at each batch size of BENCH_SERVICE_BATCHES, beside its one-core baseline (printed; returned for the report). */
async function serviceRuns(tweets: readonly TweetInput[]): Promise<Record<string, unknown>> {
  setLogLevel('warn');
  const consumed = asConsumed(tweets);
  const analysis = new DetectionService(null as unknown as DetectionRepository, null as unknown as ServiceDatabase, OPTIONS, SYSTEM_CLOCK);
  const baseline = decodeAndPrepareRate(tweetV2Schema, consumed, (t) => analysis.analyse(t));
  console.log(`  decode + validate + analyse, one core, no database (the service path's baseline): ${baseline} tweets/s`);
  const runs = await serviceRunsAt(`service batch path in tweets (kernel: decode, analyse, one transaction per partition batch on PostgreSQL, outbox relayed; ${PARTITIONS} partitions)`, baseline, (url, batch) =>
    serviceFigure(consumed, url, batch),
  );
  return { tweets: consumed.length, partitions: PARTITIONS, baseline: { name: 'decode + validate + analyse, one core, no database', tweetsPerSecond: baseline }, runs };
}

async function main(): Promise<void> {
  // BENCH_SERVICE=only: the service path alone, printed, no report written
  if (process.env.BENCH_SERVICE === 'only') return void (await serviceRuns(stream(TWEETS)));
  const analyser = new TweetAnalyser();
  const detector = new LineBurstDetector();
  const ja = new TokenizerJa();
  const en = new WordTokenizer();
  const perLanguage: Record<string, unknown> = {};
  let sink = 0;
  for (const lang of ['ja', 'en'] as const) {
    const texts = corpus.filter((e) => e.lang === lang).map((e) => e.text);
    const input = texts.map((text, k) => ({ id: `${lang}${k}`, author: 'a', text, createdAt: 0 }));
    const baseline = measureRate(TWEETS, ROUNDS, (i) => {
      const t = texts[i % texts.length]!;
      sink += lang === 'ja' ? ja.tokenize(t).length : en.tokenize(t).map((w) => PorterStemmer.stem(w)).length;
    });
    const ours = measureRate(TWEETS, ROUNDS, (i) => (sink += analyser.analyse(input[i % input.length]!).reports.length));
    perLanguage[lang] = {
      posts: texts.length,
      classificationAndLines: { tweetsPerSecond: ours },
      baseline: { name: lang === 'ja' ? "natural's Japanese tokenizer (TinySegmenter) alone" : "natural's WordTokenizer + PorterStemmer alone", tweetsPerSecond: baseline },
      ratio: Math.round((ours.median / baseline.median) * 1000) / 1000,
    };
  }
  const tweets = stream(TWEETS);
  pipeline(analyser, detector, tweets.slice(0, 5000)); // warm-up
  const rounds = Array.from({ length: ROUNDS }, () => pipeline(analyser, detector, tweets));
  const rates = rounds.map((r) => TWEETS / (r.ms / 1000)).sort((a, b) => a - b);
  const withBurstDetector = {
    tweetsPerSecond: { median: Math.round(rates[Math.floor(rates.length / 2)]!), min: Math.round(rates[0]!), max: Math.round(rates[rates.length - 1]!) },
    reportsPerRound: rounds[0]!.reports,
    disruptionChangesPerRound: rounds[0]!.changes,
  };
  const report = {
    bench: 'tweet-analysis',
    node: process.version,
    cores: 1,
    corpus: `libs/tweet-analysis/data: ${labelled.length} labelled + ${blind.length} blind posts, Japanese and English`,
    tweets: TWEETS,
    rounds: ROUNDS,
    target: { tweetsPerSecond: 50_000, what: 'delay detection (classification + line resolution), one core, Japanese and English alike' },
    perLanguage,
    withBurstDetector,
    checksum: sink,
  } as Record<string, unknown>;
  if (process.env.BENCH_SERVICE === '1') report.service = await serviceRuns(tweets);
  const out = writeReport('tweet-analysis', report);
  console.log(`tweet-analysis bench: ${TWEETS} tweets × ${ROUNDS} rounds, one core, ${corpus.length} labelled posts (Japanese and English)`);
  for (const [lang, r] of Object.entries(perLanguage) as Array<[string, { classificationAndLines: { tweetsPerSecond: { median: number } }; baseline: { name: string; tweetsPerSecond: { median: number } }; ratio: number }]>) {
    console.log(`  ${lang}: classification + line resolution median ${r.classificationAndLines.tweetsPerSecond.median} tweets/s — target 50000; baseline (same run) ${r.baseline.name} ${r.baseline.tweetsPerSecond.median}; ratio ${r.ratio}`);
  }
  console.log(`  whole consumer path with the burst detector (batches of ${BATCH}, state in memory, written as JSON): median ${withBurstDetector.tweetsPerSecond.median} tweets/s (${rounds[0]!.reports} line reports, ${rounds[0]!.changes} disruption changes per round)`);
  console.log(`  written ${out}`);
}

void main();
