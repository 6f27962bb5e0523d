/**
 * Trains the delay classifier (natural's BayesClassifier) on the labelled tweets,
 * evaluates it on the held-out 20 %, and writes the model and its metrics:
 *
 *   npx tsx libs/tweet-analysis/scripts/train-delay-classifier.ts
 *
 * The committed model is trained on the training part only, so the held-out
 * figures in data/delay-classifier.metrics.json stay honest for the shipped model.
 */
/* eslint-disable no-console -- a command-line script: its output is the report */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DelayClassifier } from '../src/classifier/delay-classifier';
import { evaluateDelayDetection, parseLabelledTweets, splitHeldOut } from '../src/classifier/delay-evaluation';
import { DelayReportAssessor } from '../src/classifier/delay-report.assessor';
import { delayLexicon } from '../src/lexicon/delay-lexicon';
import { delayTokeniser } from '../src/text/tokeniser';

const dataDir = resolve(__dirname, '..', 'data');
const examples = parseLabelledTweets(readFileSync(resolve(dataDir, 'delay-tweets.labelled.jsonl'), 'utf8'));
const { train, heldOut } = splitHeldOut(examples);
const tokeniser = delayTokeniser();
const classifier = DelayClassifier.train(train.map((e) => ({ features: tokeniser.features(e.text), label: e.label })));
const assessor = new DelayReportAssessor(tokeniser, delayLexicon(), classifier);

const heldOutEval = evaluateDelayDetection(heldOut, tokeniser, classifier, assessor);
const trainEval = evaluateDelayDetection(train, tokeniser, classifier, assessor);
const { mistakes, ...heldOutFigures } = heldOutEval;
const metrics = {
  model: 'natural BayesClassifier (unigrams + bigrams), combined with data/delay-lexicon.json',
  dataset: { total: examples.length, train: train.length, heldOut: heldOut.length },
  heldOut: heldOutFigures,
  train: { classifierAccuracy: trainEval.classifierAccuracy, combinedAccuracy: trainEval.combinedAccuracy },
  heldOutMistakes: mistakes,
};
writeFileSync(resolve(dataDir, 'delay-classifier.model.json'), JSON.stringify(classifier) + '\n');
writeFileSync(resolve(dataDir, 'delay-classifier.metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
console.log(JSON.stringify({ dataset: metrics.dataset, heldOut: heldOutFigures, train: metrics.train }, null, 2));
for (const m of mistakes) console.log(`  held-out miss ${m.id} [${m.label} → ${m.predicted}] ${m.text}`);
