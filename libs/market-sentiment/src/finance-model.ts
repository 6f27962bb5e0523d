import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier';
import { modelFeatures, type Token } from './text-normaliser';
import type { SentimentEvidence } from './lexicon-sentiment';

/** The labels of the training set (`0` bearish, `1` bullish, `2` neutral). */
export const SENTIMENT_LABELS = ['bearish', 'bullish', 'neutral'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

/** What `scripts/train-sentiment.ts` writes to `models/finance-sentiment.model.json`. */
export interface FinanceModelFile {
  readonly name: string;
  /** how text becomes features; a model is only valid with the featuriser it was trained with */
  readonly featuriser: string;
  readonly trainedOn: { readonly file: string; readonly examples: number; readonly seed: number };
  /** natural's BayesClassifier, serialised without its training documents */
  readonly classifier: unknown;
}

export const FEATURISER_VERSION = 'stem+negation+bigram-v1';

export interface ModelPrediction {
  readonly label: SentimentLabel;
  /** posterior per label, summing to 1 */
  readonly probabilities: Readonly<Record<SentimentLabel, number>>;
  /** the features that pushed hardest toward the predicted label */
  readonly evidence: readonly SentimentEvidence[];
}

/**
 * A trained natural BayesClassifier, scored sparsely in log space: natural's own
 * `classify` walks every known feature per call and multiplies probabilities
 * through `Math.exp`, which underflows to 0 for long tweets. The arithmetic is
 * apparatus' (same counts, same smoothing), only summed as logs over the
 * features present.
 */
export class FinanceSentimentModel {
  private readonly index = new Map<string, number>();
  private readonly labels: string[];
  private readonly logPrior: number[];
  private readonly counts: Array<Record<string, number>>;
  private readonly logTotals: number[];
  private readonly logSmoothing: number;

  constructor(readonly file: FinanceModelFile) {
    if (file.featuriser !== FEATURISER_VERSION) {
      throw new RangeError(`model ${file.name} was trained with featuriser ${file.featuriser}, this code has ${FEATURISER_VERSION}`);
    }
    const classifier = BayesClassifier.restore(structuredClone(file.classifier));
    Object.keys(classifier.features).forEach((feature, i) => this.index.set(feature, i));
    const bayes = classifier.classifier;
    this.labels = Object.keys(bayes.classFeatures);
    this.logPrior = this.labels.map((l) => Math.log(bayes.classTotals[l]! / bayes.totalExamples));
    this.counts = this.labels.map((l) => bayes.classFeatures[l]!);
    this.logTotals = this.labels.map((l) => Math.log(bayes.classTotals[l]!));
    this.logSmoothing = Math.log(bayes.smoothing);
  }

  get name(): string {
    return this.file.name;
  }

  predictTokens(tokens: readonly Token[]): ModelPrediction {
    return this.predictFeatures(modelFeatures(tokens));
  }

  predictFeatures(features: readonly string[]): ModelPrediction {
    const known = features.map((f) => [f, this.index.get(f)] as const).filter((e): e is readonly [string, number] => e[1] !== undefined);
    const logp = this.labels.map((_, c) => {
      let sum = this.logPrior[c]!;
      for (const [, i] of known) sum += this.logCount(c, i) - this.logTotals[c]!;
      return sum;
    });
    const max = Math.max(...logp);
    const exp = logp.map((v) => Math.exp(v - max));
    const norm = exp.reduce((a, b) => a + b, 0);
    const probabilities = { bearish: 0, bullish: 0, neutral: 0 } as Record<SentimentLabel, number>;
    this.labels.forEach((l, c) => (probabilities[labelOf(l)] = exp[c]! / norm));
    const best = logp.indexOf(max);
    return { label: labelOf(this.labels[best]!), probabilities, evidence: this.evidenceFor(best, known) };
  }

  private logCount(c: number, i: number): number {
    const n = this.counts[c]![i];
    return n ? Math.log(n) : this.logSmoothing;
  }

  /** Features ranked by how much more likely they are under the winning label than under the others. */
  private evidenceFor(best: number, known: ReadonlyArray<readonly [string, number]>): SentimentEvidence[] {
    const sign = this.labels[best] === '1' || this.labels[best] === 'bullish' ? 1 : this.labels[best] === '0' || this.labels[best] === 'bearish' ? -1 : 0;
    if (sign === 0) return [];
    return known
      .map(([feature, i]) => {
        const own = this.logCount(best, i) - this.logTotals[best]!;
        const others = this.labels
          .map((_, c) => c)
          .filter((c) => c !== best)
          .map((c) => this.logCount(c, i) - this.logTotals[c]!);
        return { feature, lift: own - Math.max(...others) };
      })
      .filter((e) => e.lift > 0.5)
      .sort((a, b) => b.lift - a.lift)
      .slice(0, 5)
      .map((e) => ({ word: e.feature, weight: Math.round(sign * e.lift * 1000) / 1000, source: 'model' as const }));
  }
}

/** The training set's numeric labels, or names. */
function labelOf(raw: string): SentimentLabel {
  const byIndex = SENTIMENT_LABELS[Number(raw)];
  if (byIndex) return byIndex;
  if ((SENTIMENT_LABELS as readonly string[]).includes(raw)) return raw as SentimentLabel;
  throw new RangeError(`unknown sentiment label ${raw}`);
}
