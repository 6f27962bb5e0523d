/* eslint-disable no-console -- a command-line script: its report is its output */
/**
 * Trains the finance sentiment model on the labelled tweets in ../shared/data/
 * and writes, into libs/market-sentiment/models/:
 *   finance-sentiment.model.json    softmax regression weights per feature (no tweets)
 *   finance-sentiment.metrics.json  held-out figures of the model next to plain AFINN
 *
 *   node -r @swc-node/register libs/market-sentiment/scripts/train-sentiment.ts [csv]
 *
 * Deterministic: the same CSV gives the same split, the same model and the same
 * numbers. Hyper-parameters and the decision rule are chosen on an inner 80/20
 * split of the TRAINING part only; the held-out part is scored once, at the end.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import companyCatalogue from '../src/data/company-tickers.json';
import entityNames from '../src/data/entity-names.json';
import { financeFeatures, nameWords } from '../src/finance-features';
import { FEATURISER_VERSION, FinanceSentimentModel, trainSoftmax, type FinanceDecision, type FinanceModelFile } from '../src/finance-model';
import { LexiconSentiment, PlainAfinnBaseline } from '../src/lexicon-sentiment';
import { MarketSentimentAnalyzer } from '../src/market-sentiment-analyzer';
import { tokenise } from '../src/text-normaliser';
import { FINANCE_TWEETS_CSV, FINANCE_TWEETS_CSV_RELATIVE, financeTweetsAvailable } from '../src/training/dataset-path';
import { accuracyReport, DEFAULT_SPLIT, labelOfScore, parseLabelledTweets, splitDataset, type LabelledText } from '../src/training/finance-dataset';
import { FINANCE_METRICS_PATH, FINANCE_MODEL_PATH } from '../src/training/training-paths';
import { EVERYDAY_DEV_JSONL, EVERYDAY_TRAIN_JSONL, everydayAsLabelled, parseEveryday } from '../src/training/everyday-dataset';

export const MODEL_NAME = 'finance-softmax-v2';
const ITERATIONS = 600;
const MIN_COUNT = 1;
const INNER_SPLIT = { seed: 7, heldOutFraction: 0.2 };
/** the previous grid (3e-5 .. 3e-4) chose its smallest value; the inner split prefers 1e-5 */
const L2_GRID = [3e-6, 1e-5, 3e-5];
/** bearish and bullish apart: bearish is the rarest class and the one most often read as neutral */
const BEARISH_OFFSET_GRID = [0, 0.3, 0.6, 0.9];
const BULLISH_OFFSET_GRID = [0, 0.3, 0.6];
/** |valence| of one general-lexicon word that makes a post read as everyday language (register.ts) */
const EVALUATIVE_GRID = [1.5, 2, 2.5];
/**
 * The everyday requirement (issue 11: ≥ 80 % of clearly polar posts keep their
 * polarity), checked on our own tuning set (data/everyday-sentiment.dev.jsonl, never
 * trained on, not the evaluation set) with a margin: among the decisions that meet it
 * the best finance accuracy + macro-F1 on the inner split wins.
 */
const EVERYDAY_POLARITY_FLOOR = 0.85;
/**
 * Fixed, not tuned: VADER's scale puts clearly positive or negative at |compound| ≥ 0.5;
 * an opposite model label stands against it from 0.8; no neutral stands against
 * clear everyday evidence (issue 11: the prior may not overrule it; the finance tweets
 * would always vote for a margin).
 */
const FIXED_DECISION = { clearLexicon: 0.5, overruleConfidence: 0.8, priorMargin: 1e9 } as const;
const lexicon = new LexiconSentiment();
/** brokers and the like (our list) and the words of the company catalogue */
const KNOWN_NAMES = [
  ...entityNames.words,
  ...companyCatalogue.companies.flatMap((c) => c.names.flatMap((n) => n.toLowerCase().split(/[^a-z&'.]+/))).filter((w) => w.length > 2 && !['inc', 'the', 'and', 'corp', 'motor', 'general'].includes(w)),
];
/** the meaning features (moves, analyst actions, results, lexicon bands, shape) may be regularised apart from words; the inner split preferred the same L2 (0.1 made it worse) */
const MEANING = /^[maeglfvs]:/;
const MEANING_L2_FACTOR = 1;

function fit(rows: readonly LabelledText[], l2: number, decision: FinanceDecision): FinanceSentimentModel {
  const tokens = rows.map((r) => tokenise(r.text));
  const names = nameWords(tokens, 0.8, 3, KNOWN_NAMES);
  const docs = rows.map((r, i) => ({ features: financeFeatures(tokens[i]!, lexicon.scoreTokens(tokens[i]!), { names }), label: r.label }));
  const counts = new Map<string, number>();
  for (const d of docs) for (const f of new Set(d.features)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const vocabulary = [...counts].filter(([, c]) => c >= MIN_COUNT).map(([f]) => f).sort();
  const { bias, weights } = trainSoftmax(docs, vocabulary, { l2, iterations: ITERATIONS, l2Factor: (f) => (MEANING.test(f) ? MEANING_L2_FACTOR : 1) });
  const file: FinanceModelFile = {
    name: MODEL_NAME,
    featuriser: FEATURISER_VERSION,
    trainedOn: { file: FINANCE_TWEETS_CSV_RELATIVE, examples: rows.length, seed: DEFAULT_SPLIT.seed },
    hyperParameters: { l2, minCount: MIN_COUNT, iterations: ITERATIONS },
    names: [...names].sort(),
    bias,
    weights,
    decision,
  };
  return new FinanceSentimentModel(file, lexicon);
}

function withDecision(model: FinanceSentimentModel, decision: FinanceDecision): FinanceSentimentModel {
  return new FinanceSentimentModel({ ...model.file, decision }, lexicon);
}

function main(): void {
  const csv = process.argv[2] ?? FINANCE_TWEETS_CSV;
  if (!financeTweetsAvailable(csv)) {
    console.error(`training data not found at ${csv} (see ../shared/data/README.md)`);
    process.exit(2);
  }
  const rows = parseLabelledTweets(readFileSync(csv, 'utf8'));
  const { train, heldOut } = splitDataset(rows, DEFAULT_SPLIT);
  const inner = splitDataset(train, INNER_SPLIT);
  // our own everyday-language training tweets join every fit (never the finance held-out, never the everyday evaluation set)
  const everyday = everydayAsLabelled(parseEveryday(readFileSync(EVERYDAY_TRAIN_JSONL, 'utf8')));
  const started = Date.now();

  // our own everyday tuning posts, clearly positive or negative (the decision rule is tuned on them; never trained on)
  const everydayDev = everydayAsLabelled(parseEveryday(readFileSync(EVERYDAY_DEV_JSONL, 'utf8'))).filter((r) => r.label !== 'neutral');

  // inner validation: L2, the polar offsets and the everyday-language rule together
  type Point = { l2: number; bearishOffset: number; bullishOffset: number; evaluativeWeight: number; accuracy: number; macroF1: number; everydayPolarity: number };
  const grid: Point[] = [];
  for (const l2 of L2_GRID) {
    const base = fit([...inner.train, ...everyday], l2, { ...FIXED_DECISION, bearishOffset: 0, bullishOffset: 0, evaluativeWeight: 0 });
    for (const bearishOffset of BEARISH_OFFSET_GRID) {
      for (const bullishOffset of BULLISH_OFFSET_GRID) {
        for (const evaluativeWeight of EVALUATIVE_GRID) {
          const analyzer = new MarketSentimentAnalyzer(withDecision(base, { ...FIXED_DECISION, bearishOffset, bullishOffset, evaluativeWeight }), lexicon);
          const r = accuracyReport(inner.heldOut, (t) => analyzer.sentiment(t).label);
          const everydayPolarity = accuracyReport(everydayDev, (t) => analyzer.sentiment(t).label).accuracy;
          grid.push({ l2, bearishOffset, bullishOffset, evaluativeWeight, accuracy: r.accuracy, macroF1: r.macroF1, everydayPolarity });
        }
      }
    }
  }
  // the everyday floor first, then finance accuracy + macro-F1, then everyday polarity
  const meets = (p: Point) => (p.everydayPolarity >= EVERYDAY_POLARITY_FLOOR ? 1 : 0);
  grid.sort((a, b) => meets(b) - meets(a) || b.accuracy + b.macroF1 - (a.accuracy + a.macroF1) || b.everydayPolarity - a.everydayPolarity);
  const best = grid[0]!;
  console.log(`inner validation (${inner.train.length} / ${inner.heldOut.length}, everyday tuning ${everydayDev.length}): chosen ${JSON.stringify(best)}`);
  const decision: FinanceDecision = { ...FIXED_DECISION, bearishOffset: best.bearishOffset, bullishOffset: best.bullishOffset, evaluativeWeight: best.evaluativeWeight };

  const model = fit([...train, ...everyday], best.l2, decision);
  writeFileSync(FINANCE_MODEL_PATH, `${JSON.stringify(model.file)}\n`);

  const analyzer = new MarketSentimentAnalyzer(model, lexicon);
  const afinn = new PlainAfinnBaseline();
  const majority = [...new Set(train.map((r) => r.label))]
    .map((l) => [l, train.filter((r) => r.label === l).length] as const)
    .sort((a, b) => b[1] - a[1])[0]![0];
  const metrics = {
    model: MODEL_NAME,
    featuriser: FEATURISER_VERSION,
    data: {
      file: FINANCE_TWEETS_CSV_RELATIVE,
      rows: rows.length,
      train: train.length,
      heldOut: heldOut.length,
      split: `seeded FNV-1a hash of the text, ${DEFAULT_SPLIT.heldOutFraction * 100}% held out`,
      seed: DEFAULT_SPLIT.seed,
      innerSplit: INNER_SPLIT,
      everydayTraining: { file: 'libs/market-sentiment/data/everyday-sentiment.train.jsonl', examples: everyday.length },
      everydayTuning: { file: 'libs/market-sentiment/data/everyday-sentiment.dev.jsonl', polarExamples: everydayDev.length, floor: EVERYDAY_POLARITY_FLOOR },
    },
    features: Object.keys(model.file.weights).length,
    names: model.file.names.length,
    hyperParameters: model.file.hyperParameters,
    decision,
    innerValidation: grid.slice(0, 10),
    heldOut: {
      analyzer: accuracyReport(heldOut, (t) => analyzer.sentiment(t).label),
      modelAlone: accuracyReport(heldOut, (t) => model.predictTokens(tokenise(t)).label),
      afinn: accuracyReport(heldOut, (t) => labelOfScore(afinn.score(t))),
      lexicon: accuracyReport(heldOut, (t) => labelOfScore(lexicon.score(t).score, 0.05)),
      majorityClass: accuracyReport(heldOut, () => majority),
    },
    trainAccuracy: accuracyReport(train, (t) => analyzer.sentiment(t).label).accuracy,
  };
  writeFileSync(FINANCE_METRICS_PATH, `${JSON.stringify(metrics, null, 2)}\n`);
  console.log(
    JSON.stringify({
      trainedInMs: Date.now() - started,
      features: metrics.features,
      heldOut: Object.fromEntries(Object.entries(metrics.heldOut).map(([k, v]) => [k, { accuracy: v.accuracy, macroF1: v.macroF1 }])),
    }),
  );
}

main();
