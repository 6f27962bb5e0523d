/* eslint-disable no-console -- a command-line script: its report is its output */
/**
 * Trains the finance sentiment model on the labelled tweets in ../shared/data/
 * and writes, into libs/market-sentiment/models/:
 *   finance-sentiment.model.json    natural BayesClassifier (features + counts, no tweets)
 *   finance-sentiment.metrics.json  held-out accuracy of the model next to plain AFINN
 *
 *   node -r @swc-node/register libs/market-sentiment/scripts/train-sentiment.ts [csv]
 *
 * Deterministic: the same CSV gives the same split, the same model and the same numbers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier';
import { FEATURISER_VERSION, FinanceSentimentModel, type FinanceModelFile } from '../src/finance-model';
import { LexiconSentiment, PlainAfinnBaseline } from '../src/lexicon-sentiment';
import { modelFeatures, tokenise } from '../src/text-normaliser';
import { FINANCE_TWEETS_CSV, FINANCE_TWEETS_CSV_RELATIVE, financeTweetsAvailable } from '../src/training/dataset-path';
import { accuracyReport, DEFAULT_SPLIT, labelOfScore, parseLabelledTweets, splitDataset } from '../src/training/finance-dataset';
import { FINANCE_METRICS_PATH, FINANCE_MODEL_PATH } from '../src/training/training-paths';

export const MODEL_NAME = 'finance-bayes-v1';
/**
 * Hyper-parameters, chosen on an inner 80/20 split of the TRAINING part only
 * (bigrams on/off, min count 1-3, smoothing 0.01-1); the held-out part was not
 * looked at to choose them.
 * Features seen fewer times than MIN_FEATURE_COUNT are dropped (noise, model size).
 */
const MIN_FEATURE_COUNT = 2;
/** apparatus' Bayes smoothing: the pseudo-count of a feature a label never saw */
const SMOOTHING = 0.05;

function main(): void {
  const csv = process.argv[2] ?? FINANCE_TWEETS_CSV;
  if (!financeTweetsAvailable(csv)) {
    console.error(`training data not found at ${csv} (see ../shared/data/README.md)`);
    process.exit(2);
  }
  const rows = parseLabelledTweets(readFileSync(csv, 'utf8'));
  const { train, heldOut } = splitDataset(rows, DEFAULT_SPLIT);
  const started = Date.now();

  const docs = train.map((r) => ({ features: modelFeatures(tokenise(r.text)), label: r.label }));
  const counts = new Map<string, number>();
  for (const d of docs) for (const f of d.features) counts.set(f, (counts.get(f) ?? 0) + 1);
  const classifier = new BayesClassifier(undefined, SMOOTHING);
  for (const d of docs) {
    const kept = d.features.filter((f) => (counts.get(f) ?? 0) >= MIN_FEATURE_COUNT);
    // a document with no kept feature still counts toward its label's prior
    classifier.addDocument(kept.length > 0 ? kept : ['xempty'], d.label);
  }
  classifier.train();

  const file: FinanceModelFile = {
    name: MODEL_NAME,
    featuriser: FEATURISER_VERSION,
    trainedOn: { file: FINANCE_TWEETS_CSV_RELATIVE, examples: train.length, seed: DEFAULT_SPLIT.seed },
    // natural's own serialisation minus `docs` (the tokenised training tweets stay out of the repo)
    classifier: {
      features: classifier.features,
      classifier: {
        classFeatures: classifier.classifier.classFeatures,
        classTotals: classifier.classifier.classTotals,
        totalExamples: classifier.classifier.totalExamples,
        smoothing: classifier.classifier.smoothing,
      },
      docs: [],
      lastAdded: 0,
    },
  };
  writeFileSync(FINANCE_MODEL_PATH, `${JSON.stringify(file)}\n`);

  const model = new FinanceSentimentModel(file);
  const afinn = new PlainAfinnBaseline();
  const lexicon = new LexiconSentiment();
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
    },
    features: Object.keys(classifier.features).length,
    heldOut: {
      model: accuracyReport(heldOut, (t) => model.predictTokens(tokenise(t)).label),
      afinn: accuracyReport(heldOut, (t) => labelOfScore(afinn.score(t))),
      financeLexicon: accuracyReport(heldOut, (t) => labelOfScore(lexicon.score(t).score, 0.2)),
      majorityClass: accuracyReport(heldOut, () => majority),
    },
    trainAccuracy: accuracyReport(train, (t) => model.predictTokens(tokenise(t)).label).accuracy,
  };
  writeFileSync(FINANCE_METRICS_PATH, `${JSON.stringify(metrics, null, 2)}\n`);
  console.log(
    JSON.stringify({
      trainedInMs: Date.now() - started,
      features: metrics.features,
      heldOutAccuracy: { model: metrics.heldOut.model.accuracy, afinn: metrics.heldOut.afinn.accuracy, financeLexicon: metrics.heldOut.financeLexicon.accuracy, majorityClass: metrics.heldOut.majorityClass.accuracy },
    }),
  );
}

main();
