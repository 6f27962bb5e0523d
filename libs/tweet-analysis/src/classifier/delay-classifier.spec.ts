import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import modelJson from '../../data/delay-classifier.model.json';
import metricsJson from '../../data/delay-classifier.metrics.json';
import { delayLexicon } from '../lexicon/delay-lexicon';
import { delayTokeniser } from '../text/tokeniser';
import { DelayClassifier } from './delay-classifier';
import { evaluateDelayDetection, parseLabelledTweets, splitHeldOut } from './delay-evaluation';
import { delayReportAssessor, DelayReportAssessor } from './delay-report.assessor';

const examples = parseLabelledTweets(readFileSync(resolve(__dirname, '../../data/delay-tweets.labelled.jsonl'), 'utf8'));

describe('labelled delay tweets', () => {
  it('ships a few hundred Japanese and English tweets of every label, with unique ids', () => {
    expect(examples.length).toBeGreaterThanOrEqual(300);
    expect(new Set(examples.map((e) => e.id)).size).toBe(examples.length);
    for (const lang of ['ja', 'en']) {
      for (const label of ['delay', 'suspension', 'none']) {
        expect(examples.filter((e) => e.lang === lang && e.label === label).length).toBeGreaterThanOrEqual(20);
      }
    }
  });

  it('splits deterministically, stratified by label', () => {
    const a = splitHeldOut(examples);
    const b = splitHeldOut([...examples].reverse());
    expect(a.heldOut.map((e) => e.id).sort()).toEqual(b.heldOut.map((e) => e.id).sort());
    expect(a.heldOut.length / examples.length).toBeCloseTo(0.2, 1);
  });
});

describe('DelayClassifier (committed model)', () => {
  const classifier = DelayClassifier.fromModel(modelJson);
  const tokeniser = delayTokeniser();

  it('reproduces the held-out accuracy stated in data/delay-classifier.metrics.json', () => {
    const { heldOut } = splitHeldOut(examples);
    const evaluation = evaluateDelayDetection(heldOut, tokeniser, classifier, new DelayReportAssessor(tokeniser, delayLexicon(), classifier));
    expect(evaluation.classifierAccuracy).toBe(metricsJson.heldOut.classifierAccuracy);
    expect(evaluation.combinedReportAccuracy).toBe(metricsJson.heldOut.combinedReportAccuracy);
    expect(evaluation.classifierAccuracy).toBeGreaterThanOrEqual(0.7);
    expect(evaluation.combinedReportAccuracy).toBeGreaterThanOrEqual(0.85);
  });

  it('agrees with training: a model trained here scores like the committed one', () => {
    const { train } = splitHeldOut(examples);
    const fresh = DelayClassifier.train(train.map((e) => ({ features: tokeniser.features(e.text), label: e.label })));
    for (const e of examples.slice(0, 40)) {
      const f = tokeniser.features(e.text);
      expect(fresh.classify(f).label).toBe(classifier.classify(f).label);
    }
  });

  it('gives probabilities that sum to one', () => {
    const c = classifier.classify(tokeniser.features('山手線 運転見合わせ 新宿'));
    expect(c.probabilities.delay + c.probabilities.suspension + c.probabilities.none).toBeCloseTo(1, 9);
    expect(c.label).toBe('suspension');
  });
});

describe('DelayReportAssessor', () => {
  const assessor = delayReportAssessor();

  it.each([
    ['山手線遅延してる…新宿で5分止まってる', 'suspension'],
    ['京浜東北線 遅れてる 蒲田', 'delay'],
    ['中央線快速 人身事故で運転見合わせ', 'suspension'],
    ['Yamanote line delayed at Shibuya, signal failure', 'delay'],
    ['Ginza line suspended, stuck at Ueno', 'suspension'],
  ])('reports %s as %s', (text, kind) => {
    const a = assessor.assess(text);
    expect(a.isReport).toBe(true);
    expect(a.kind).toBe(kind);
    expect(a.confidence).toBeGreaterThan(0.5);
  });

  it.each(['遅延証明書の取り方', '山手線は今日も平常運転', '東西線止まってないよ、普通に動いてる', 'Chuo line not delayed today', 'Tokyo trains are always on time', '新宿でラーメン食べた'])(
    'does not report the hard negative %s',
    (text) => {
      expect(assessor.assess(text).isReport).toBe(false);
    },
  );
});
