import { readFileSync } from 'node:fs';
import { loadFinanceModel } from './market-sentiment-analyzer';
import { tokenise } from './text-normaliser';
import { FEATURISER_VERSION, FinanceSentimentModel, type FinanceModelFile } from './finance-model';
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

  it('carries no training tweets, only feature counts, and states its held-out accuracy', () => {
    const file = JSON.parse(readFileSync(FINANCE_MODEL_PATH, 'utf8')) as FinanceModelFile & { classifier: { docs: unknown[] } };
    expect(file.classifier.docs).toEqual([]);
    expect(file.featuriser).toBe(FEATURISER_VERSION);
    const metrics = JSON.parse(readFileSync(FINANCE_METRICS_PATH, 'utf8')) as { heldOut: { model: { accuracy: number }; afinn: { accuracy: number } } };
    expect(metrics.heldOut.model.accuracy).toBeGreaterThan(metrics.heldOut.afinn.accuracy + 0.2);
  });

  it('refuses a model trained with another featuriser', () => {
    const file = JSON.parse(readFileSync(FINANCE_MODEL_PATH, 'utf8')) as FinanceModelFile;
    expect(() => new FinanceSentimentModel({ ...file, featuriser: 'other' })).toThrow(RangeError);
  });
});
