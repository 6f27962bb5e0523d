import { readFileSync } from 'node:fs';
import { loadFinanceModel } from './market-sentiment-analyzer';
import { tokenise } from './text-normaliser';
import { financeFeatures } from './finance-features';
import { FEATURISER_VERSION, FinanceSentimentModel, type FinanceModelFile } from './finance-model';
import { LexiconSentiment } from './lexicon-sentiment';
import { FINANCE_METRICS_PATH, FINANCE_MODEL_PATH } from './training/training-paths';

describe('the committed finance sentiment model', () => {
  const model = loadFinanceModel();
  const predict = (text: string) => model.predictTokens(tokenise(text));

  it.each([
    ['$XYZ beats estimates, raises full-year guidance', 'bullish'],
    ['$XYZ upgraded to buy at Morgan Stanley, price target raised', 'bullish'],
    ['$XYZ downgraded to sell, price target cut', 'bearish'],
    ['$XYZ shares plunge after earnings miss', 'bearish'],
    ['$XYZ to present at the investor conference on Thursday https://t.co/abc', 'neutral'],
  ])('classifies %j as %s', (text, label) => {
    expect(predict(text).label).toBe(label);
  });

  it('gives posteriors that sum to 1 and features as evidence', () => {
    const p = predict('$XYZ downgraded to sell');
    expect(p.probabilities.bearish + p.probabilities.bullish + p.probabilities.neutral).toBeCloseTo(1, 6);
    expect(p.evidence.map((e) => e.word)).toContain('downgrad');
    expect(p.evidence.every((e) => e.weight < 0 && e.source === 'model')).toBe(true);
  });

  it('does not underflow on long tweets (natural multiplies raw probabilities)', () => {
    const long = Array.from({ length: 60 }, () => 'shares of $XYZ rally after strong quarter beat').join(' ');
    const p = predict(long);
    expect(p.label).toBe('bullish');
    expect(Number.isFinite(p.probabilities.bullish)).toBe(true);
  });

  it('carries no training tweets, only weights per feature, and states its held-out accuracy', () => {
    const file = JSON.parse(readFileSync(FINANCE_MODEL_PATH, 'utf8')) as FinanceModelFile;
    expect(Object.keys(file).sort()).toEqual(['bias', 'decision', 'featuriser', 'hyperParameters', 'name', 'names', 'trainedOn', 'weights']);
    expect(file.featuriser).toBe(FEATURISER_VERSION);
    expect(Object.values(file.weights).every((w) => w.length === 3)).toBe(true);
    const metrics = JSON.parse(readFileSync(FINANCE_METRICS_PATH, 'utf8')) as { heldOut: { analyzer: { accuracy: number }; afinn: { accuracy: number } } };
    expect(metrics.heldOut.analyzer.accuracy).toBeGreaterThan(metrics.heldOut.afinn.accuracy + 0.3);
  });

  it('has no features that are just entity names: broker and company names are left out', () => {
    const file = JSON.parse(readFileSync(FINANCE_MODEL_PATH, 'utf8')) as FinanceModelFile;
    for (const name of ['goldman', 'jpmorgan', 'citi', 'barclays', 'tesla', 'boeing']) {
      expect({ name, listed: file.names.includes(name) }).toEqual({ name, listed: true });
      expect(Object.keys(file.weights).filter((f) => f === `w:${name}` || f.split(/[:|]/).includes(name))).toEqual([]);
    }
  });

  it('reads meaning: signed moves, analyst actions, beats and misses, negation', () => {
    const features = (text: string) => financeFeatures(tokenise(text), new LexiconSentiment().score(text), model);
    expect(features('$XYZ falls 5% after the call')).toEqual(expect.arrayContaining(['m:pct_down', 'm:pct_down_mid']));
    expect(features('$XYZ +12% premarket')).toEqual(expect.arrayContaining(['m:pct_up_big']));
    expect(features('Broker raises $XYZ price target to $50')).toContain('a:target_up');
    expect(features('$XYZ price target cut to $20')).toContain('a:target_down');
    expect(features('$XYZ: Hovde Group cuts to Market Perform')).toEqual(expect.arrayContaining(['a:rating_neutral']));
    expect(features('$XYZ beats estimates')).toContain('e:beat');
    expect(features('$XYZ misses consensus')).toContain('e:miss');
    expect(features('$XYZ did not beat estimates')).toContain('e:miss');
    expect(features('EPS $1.52 vs. $1.55 a year ago')).toContain('m:vs_down');
  });

  it('refuses a model trained with another featuriser', () => {
    const file = JSON.parse(readFileSync(FINANCE_MODEL_PATH, 'utf8')) as FinanceModelFile;
    expect(() => new FinanceSentimentModel({ ...file, featuriser: 'other' })).toThrow(RangeError);
  });
});
