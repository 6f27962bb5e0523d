/**
 * Trains the delay classifier (natural's BayesClassifier over the character
 * n-gram, word and cue features of text/delay-features.ts) on the training 80 %
 * of the labelled posts, evaluates the whole analyser on the held-out 20 %, and
 * writes the model and its metrics:
 *
 *   npx tsx libs/tweet-analysis/scripts/train-delay-classifier.ts
 *
 * The committed model is trained on the training part only, so the held-out
 * figures in data/delay-classifier.metrics.json stay honest for the shipped
 * model. The assessor's weights are checked by 5-fold cross-validation on the
 * training part (the held-out part is not looked at to choose them).
 */
/* eslint-disable no-console -- a command-line script: its output is the report */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DelayClassifier, type LabelledTweet } from '../src/classifier/delay-classifier';
import { evaluateDelayDetection, parseLabelledTweets, splitHash, splitHeldOut } from '../src/classifier/delay-evaluation';
import { DEFAULT_ASSESSOR_WEIGHTS, DelayReportAssessor, type AssessorWeights } from '../src/classifier/delay-report.assessor';
import { tokyoGazetteer } from '../src/gazetteer/gazetteer';
import { delayLexicon } from '../src/lexicon/delay-lexicon';
import { normaliseText } from '../src/text/text-normaliser';
import { TweetAnalyser } from '../src/tweet-analyser';

const dataDir = resolve(__dirname, '..', 'data');
const examples = parseLabelledTweets(readFileSync(resolve(dataDir, 'delay-tweets.labelled.jsonl'), 'utf8'));
const { train, heldOut } = splitHeldOut(examples);

function fit(rows: readonly LabelledTweet[], weights: AssessorWeights = DEFAULT_ASSESSOR_WEIGHTS): { classifier: DelayClassifier; analyser: TweetAnalyser } {
  // features come from the lexicon and the gazetteer alone: a placeholder model is enough to read the posts
  const reader = new DelayReportAssessor(delayLexicon(), DelayClassifier.train([{ features: ['c:none'], label: 'none' }]));
  const docs = rows.map((e) => {
    const post = reader.read(normaliseText(e.text));
    return { features: reader.features(post, 0, post.norm.length), label: e.label };
  });
  const classifier = DelayClassifier.train(docs);
  return { classifier, analyser: new TweetAnalyser(new DelayReportAssessor(delayLexicon(), classifier, weights), tokyoGazetteer()) };
}

// 5-fold cross-validation of the assessor weights on the training part
const grid: Array<{ weights: AssessorWeights; f1: number }> = [];
for (const classifierWeight of [0.3, 0.4, 0.5, 0.6, 0.7]) {
  for (const threshold of [0.4, 0.45, 0.5, 0.55, 0.6]) {
    const weights = { classifier: classifierWeight, threshold };
    let f1 = 0;
    for (let fold = 0; fold < 5; fold++) {
      const inFold = (e: LabelledTweet) => parseInt(splitHash(`cv:${e.id}`).slice(0, 8), 16) % 5 === fold;
      const { analyser } = fit(train.filter((e) => !inFold(e)), weights);
      f1 += evaluateDelayDetection(train.filter(inFold), analyser).perLine.f1 / 5;
    }
    grid.push({ weights, f1: Math.round(f1 * 10000) / 10000 });
  }
}
grid.sort((a, b) => b.f1 - a.f1);
const chosen = grid[0]!;
console.log(`cross-validated per-line F1 on the training part: best ${JSON.stringify(chosen)} (of ${grid.length})`);

const { classifier, analyser } = fit(train, chosen.weights);
const heldOutEval = evaluateDelayDetection(heldOut, analyser);
const trainEval = evaluateDelayDetection(train, analyser);
const { mistakes, ...heldOutFigures } = heldOutEval;
const metrics = {
  model: 'natural BayesClassifier (character bigrams/trigrams, stemmed English words and bigrams, lexicon cues) combined with data/delay-lexicon.json and the trap rules',
  weights: chosen.weights,
  crossValidation: { folds: 5, grid },
  dataset: { total: examples.length, train: train.length, heldOut: heldOut.length },
  heldOut: heldOutFigures,
  train: { reportF1: trainEval.report.f1, perLineF1: trainEval.perLine.f1, lineIdentification: trainEval.lineIdentification.rate },
  heldOutMistakes: mistakes,
};
writeFileSync(resolve(dataDir, 'delay-classifier.model.json'), JSON.stringify({ ...(classifier.toJSON() as object), assessorWeights: chosen.weights }) + '\n');
writeFileSync(resolve(dataDir, 'delay-classifier.metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
console.log(JSON.stringify({ dataset: metrics.dataset, report: heldOutFigures.report, perLine: heldOutFigures.perLine, lineIdentification: heldOutFigures.lineIdentification, threeClassAccuracy: heldOutFigures.threeClass.accuracy, train: metrics.train }, null, 2));
for (const m of mistakes) console.log(`  held-out miss ${m.id} [${m.gold} → ${m.predicted}]${m.trap ? ` (${m.trap})` : ''} ${m.text}`);
