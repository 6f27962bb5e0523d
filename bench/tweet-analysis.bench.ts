/**
 * Tweet-analysis benchmark: tweets per second on ONE core through train-delay
 * detection — normalising, tokenising (natural's Japanese tokenizer / word
 * tokenizer + Porter stemmer), the trained classifier, the lexicon, the
 * gazetteer, and the per-line burst detector stepped once per batch of 100
 * tweets with its state round-tripped through JSON (as the consumer stores it
 * in PostgreSQL). The corpus is the shipped labelled set (Japanese and English,
 * reports and chatter) replayed in createdAt order, ~20 tweets per second of
 * tweet time, with a burst on one line every few minutes. Nothing is asserted.
 *
 *   npx tsx bench/tweet-analysis.bench.ts
 *   BENCH_TWEETS=200000 BENCH_ROUNDS=5 npx tsx bench/tweet-analysis.bench.ts
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  emptyLineState,
  LineBurstDetector,
  parseLabelledTweets,
  TweetAnalyser,
  type LineBurstState,
  type LineReport,
  type TweetInput,
} from '@tsunagu/tweet-analysis';

const TWEETS = Number(process.env.BENCH_TWEETS ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 100;

const corpus = parseLabelledTweets(readFileSync(resolve(__dirname, '../libs/tweet-analysis/data/delay-tweets.labelled.jsonl'), 'utf8'));
const BURST = ['山手線止まってる 新宿', '山手線 運転見合わせ 渋谷', '山手線 人身事故 遅延 品川', 'Yamanote line suspended at Shibuya'];

function syntheticTweets(n: number): TweetInput[] {
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

function run(analyser: TweetAnalyser, detector: LineBurstDetector, tweets: readonly TweetInput[]) {
  const states = new Map<string, string>();
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
      const saved = states.get(lineId);
      const state: LineBurstState = saved ? (JSON.parse(saved) as LineBurstState) : emptyLineState(lineId);
      const step = detector.step(state, byLine.get(lineId) ?? [], now);
      changes += step.changes.length;
      if (step.state.active) active.add(lineId);
      else active.delete(lineId);
      states.set(lineId, JSON.stringify(step.state));
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, reports, changes };
}

function analyseOnly(analyser: TweetAnalyser, tweets: readonly TweetInput[]): number {
  const started = process.hrtime.bigint();
  for (const t of tweets) analyser.analyse(t);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const analyser = new TweetAnalyser();
const detector = new LineBurstDetector();
const tweets = syntheticTweets(TWEETS);
run(analyser, detector, tweets.slice(0, 5000)); // warm-up (JIT, lazy model load)

console.log(`tweet-analysis bench: ${TWEETS} tweets (${corpus.length}-tweet labelled corpus + bursts), batches of ${BATCH}, ${ROUNDS} rounds, one core`);
const rates: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const { ms, reports, changes } = run(analyser, detector, tweets);
  const rate = TWEETS / (ms / 1000);
  rates.push(rate);
  console.log(`  round ${round}: ${ms.toFixed(0)} ms, ${Math.round(rate)} tweets/s (${reports} line reports, ${changes} disruption changes)`);
}
const onlyMs = analyseOnly(analyser, tweets);
rates.sort((a, b) => a - b);
console.log(`median: ${Math.round(rates[Math.floor(rates.length / 2)]!)} tweets/s per core through delay detection (classification + gazetteer + burst detector)`);
console.log(`classification + gazetteer alone: ${Math.round(TWEETS / (onlyMs / 1000))} tweets/s per core`);
