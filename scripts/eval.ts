/**
 * `npm run eval`: the quality of both analysers on their held-out splits, printed
 * and written to reports/eval.json (the README's quality section is generated
 * from it by scripts/eval-readme.ts).
 *
 * - finance sentiment: the held-out 20 % of ../shared/data/financial-tweets-train.csv
 *   (skipped, with a message, where the data is missing), next to plain AFINN,
 *   the lexicon alone and the majority class;
 * - everyday language: our own labelled set (libs/market-sentiment/data/), never
 *   trained on: polarity of the clearly positive and negative posts, and three classes;
 * - delay posts: the held-out 20 % of libs/tweet-analysis/data/delay-tweets.labelled.jsonl
 *   and the blind set written after the rules were frozen.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  accuracyReport,
  DEFAULT_SPLIT,
  EVERYDAY_EVAL_JSONL,
  EVERYDAY_TO_SENTIMENT,
  labelOfScore,
  LexiconSentiment,
  loadFinanceModel,
  MarketSentimentAnalyzer,
  parseEveryday,
  parseLabelledTweets as parseFinanceTweets,
  PlainAfinnBaseline,
  splitDataset,
  tokenise,
  type AccuracyReport,
  type SentimentLabel,
} from '@tsunagu/market-sentiment';
import { FINANCE_TWEETS_CSV, financeTweetsAvailable } from '../libs/market-sentiment/src/training/dataset-path';
import { evaluateDelayDetection, parseLabelledTweets, splitHeldOut, TweetAnalyser, type DelayEvaluation } from '@tsunagu/tweet-analysis';

const ROOT = resolve(__dirname, '..');
const REPORT = resolve(ROOT, 'reports/eval.json');
const DELAY_DATA = resolve(ROOT, 'libs/tweet-analysis/data');

function printReport(title: string, r: AccuracyReport): void {
  console.log(`\n${title}: accuracy ${r.accuracy}, macro-F1 ${r.macroF1} (${r.examples} tweets)`);
  console.log('  class      precision  recall  F1      support');
  for (const [label, m] of Object.entries(r.perLabel)) console.log(`  ${label.padEnd(10)} ${String(m.precision).padEnd(10)} ${String(m.recall).padEnd(7)} ${String(m.f1).padEnd(7)} ${m.support}`);
  const labels = Object.keys(r.confusion);
  console.log(`  confusion (rows gold, columns predicted): ${labels.join(' / ')}`);
  for (const g of labels) console.log(`    ${g.padEnd(10)} ${labels.map((p) => String(r.confusion[g as SentimentLabel][p as SentimentLabel]).padStart(5)).join(' ')}`);
}

function printDelay(title: string, e: DelayEvaluation): void {
  console.log(`\n${title} (${e.examples} posts)`);
  console.log(`  report vs none: precision ${e.report.precision}, recall ${e.report.recall}, F1 ${e.report.f1}, accuracy ${e.report.accuracy}`);
  console.log(`  per line (${e.perLine.pairs} post×line decisions): precision ${e.perLine.precision}, recall ${e.perLine.recall}, F1 ${e.perLine.f1}`);
  console.log(`  line identification: ${e.lineIdentification.correct}/${e.lineIdentification.posts} delay posts = ${e.lineIdentification.rate}`);
  console.log(`  three classes: accuracy ${e.threeClass.accuracy}, macro-F1 ${e.threeClass.macroF1}`);
  console.log('  class       precision  recall  F1      support');
  for (const [label, m] of Object.entries(e.threeClass.perClass)) console.log(`  ${label.padEnd(11)} ${String(m.precision).padEnd(10)} ${String(m.recall).padEnd(7)} ${String(m.f1).padEnd(7)} ${m.support}`);
  const labels = Object.keys(e.threeClass.confusion) as Array<keyof typeof e.threeClass.confusion>;
  console.log(`  confusion (rows gold, columns predicted): ${labels.join(' / ')}`);
  for (const g of labels) console.log(`    ${g.padEnd(11)} ${labels.map((p) => String(e.threeClass.confusion[g][p]).padStart(5)).join(' ')}`);
  for (const m of e.mistakes) console.log(`  miss ${m.id} [${m.gold} → ${m.predicted}]${m.trap ? ` (${m.trap})` : ''} ${m.text}`);
}

function main(): void {
  const lexicon = new LexiconSentiment();
  const model = loadFinanceModel(undefined, lexicon);
  const analyzer = new MarketSentimentAnalyzer(model, lexicon);
  const report: Record<string, unknown> = { generatedBy: 'scripts/eval.ts', model: analyzer.modelName, decision: analyzer.decision };

  if (financeTweetsAvailable()) {
    const { train, heldOut } = splitDataset(parseFinanceTweets(readFileSync(FINANCE_TWEETS_CSV, 'utf8')), DEFAULT_SPLIT);
    const afinn = new PlainAfinnBaseline();
    const majority = (['bearish', 'bullish', 'neutral'] as const).map((l) => [l, train.filter((r) => r.label === l).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
    const finance = {
      split: `held-out ${DEFAULT_SPLIT.heldOutFraction * 100}% of ../shared/data/financial-tweets-train.csv (seeded FNV-1a hash of the text, seed ${DEFAULT_SPLIT.seed})`,
      analyzer: accuracyReport(heldOut, (t) => analyzer.sentiment(t).label),
      modelAlone: accuracyReport(heldOut, (t) => model.predictTokens(tokenise(t)).label),
      lexicon: accuracyReport(heldOut, (t) => labelOfScore(lexicon.score(t).score, 0.05)),
      afinn: accuracyReport(heldOut, (t) => labelOfScore(afinn.score(t))),
      majorityClass: accuracyReport(heldOut, () => majority),
    };
    report.finance = finance;
    printReport('finance sentiment, analyser (model + lexicon rule)', finance.analyzer);
    printReport('finance sentiment, model alone', finance.modelAlone);
    printReport("natural's plain AFINN (baseline)", finance.afinn);
  } else {
    console.warn(`finance evaluation skipped: ${FINANCE_TWEETS_CSV} not found (see ../shared/data/README.md)`);
    report.finance = { skipped: `${FINANCE_TWEETS_CSV} not found` };
  }

  const everyday = parseEveryday(readFileSync(EVERYDAY_EVAL_JSONL, 'utf8'));
  const rows = everyday.map((e) => ({ text: e.text, label: EVERYDAY_TO_SENTIMENT[e.label] }));
  const polar = rows.filter((r) => r.label !== 'neutral');
  const everydayReport = {
    set: 'libs/market-sentiment/data/everyday-sentiment.labelled.jsonl (ours, never trained on)',
    polarity: accuracyReport(polar, (t) => analyzer.sentiment(t).label),
    polarityModelAlone: accuracyReport(polar, (t) => model.predictTokens(tokenise(t)).label),
    polarityLexiconAlone: accuracyReport(polar, (t) => labelOfScore(lexicon.score(t).score, 0.05)),
    threeClass: accuracyReport(rows, (t) => analyzer.sentiment(t).label),
  };
  report.everyday = everydayReport;
  console.log(`\neveryday language: ${everydayReport.polarity.accuracy} of ${polar.length} clearly positive or negative posts get their polarity (model alone ${everydayReport.polarityModelAlone.accuracy}, lexicon alone ${everydayReport.polarityLexiconAlone.accuracy})`);
  printReport('everyday language, three classes', everydayReport.threeClass);

  const examples = parseLabelledTweets(readFileSync(resolve(DELAY_DATA, 'delay-tweets.labelled.jsonl'), 'utf8'));
  const blind = parseLabelledTweets(readFileSync(resolve(DELAY_DATA, 'delay-tweets.blind.jsonl'), 'utf8'));
  const tweetAnalyser = new TweetAnalyser();
  const delay = {
    heldOut: evaluateDelayDetection(splitHeldOut(examples).heldOut, tweetAnalyser),
    blind: evaluateDelayDetection(blind, tweetAnalyser),
  };
  report.delay = { split: 'held-out 20% of each label×trap group of delay-tweets.labelled.jsonl (SHA-256 of the id); blind = delay-tweets.blind.jsonl', ...delay };
  printDelay('delay posts, held-out split', delay.heldOut);
  printDelay('delay posts, blind set', delay.blind);

  mkdirSync(resolve(ROOT, 'reports'), { recursive: true });
  writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten ${REPORT}`);
}

main();
