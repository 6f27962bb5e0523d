import { BayesClassifier, type NaturalBayesClassifier } from '../text/natural-parts';

export const DELAY_LABELS = ['delay', 'suspension', 'none'] as const;
export type DelayLabel = (typeof DELAY_LABELS)[number];

export interface LabelledTweet {
  readonly id: string;
  readonly lang: string;
  readonly label: DelayLabel;
  readonly text: string;
}

export interface Classification {
  readonly label: DelayLabel;
  /** posterior per label, summing to 1 */
  readonly probabilities: Readonly<Record<DelayLabel, number>>;
}

/**
 * natural's BayesClassifier trained on the shipped labelled tweets, scored as a
 * full Bernoulli naive Bayes from the counts natural learnt. natural's own
 * `classify` multiplies P(feature|class) over the tweet's features only and leaves
 * out the features it lacks; with classes of different sizes that favours the
 * smallest class for any tweet with unfamiliar words (every unseen feature costs
 * 1/|class|). It also builds a dense 0/1 vector over the whole vocabulary per call
 * and multiplies raw probabilities (underflow). Here: log space, Laplace-smoothed
 * P(f|c) = (n_c(f) + 1) / (n_c + 2) for present AND absent features, summed over
 * the tweet's features only (the absent-feature total is precomputed per class).
 */
export class DelayClassifier {
  private readonly index = new Map<string, number>();
  private readonly labels: DelayLabel[];
  /** per label: log prior + Σ over the whole vocabulary of log(1 − P(f|c)) */
  private readonly base: number[];
  /** per label, per feature index: log P(f|c) − log(1 − P(f|c)) */
  private readonly presentDelta: Float64Array[];

  private constructor(readonly model: NaturalBayesClassifier) {
    let n = 0;
    // apparatus numbers the features in the key order of `features` (natural's textToFeatures)
    for (const feature in model.features) this.index.set(feature, n++);
    const bayes = model.classifier;
    this.labels = Object.keys(bayes.classFeatures) as DelayLabel[];
    const docs = this.labels.reduce((sum, label) => sum + (bayes.classTotals[label]! - 1), 0);
    this.base = [];
    this.presentDelta = [];
    for (const label of this.labels) {
      if (!DELAY_LABELS.includes(label)) throw new RangeError(`delay model: unknown label ${label}`);
      // apparatus stores n_c + 1 in classTotals and n_c(f) + smoothing in classFeatures
      const nc = bayes.classTotals[label]! - 1;
      const counts = bayes.classFeatures[label]!;
      let mass = 0;
      for (let i = 0; i < n; i++) mass += counts[i] !== undefined ? counts[i]! - bayes.smoothing : 0;
      const delta = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const nf = counts[i] !== undefined ? counts[i]! - bayes.smoothing : 0;
        delta[i] = Math.log((nf + 1) / (mass + n));
      }
      this.base.push(Math.log(nc / docs));
      this.presentDelta.push(delta);
    }
  }

  /** Trains natural's BayesClassifier on feature lists (see DelayTokeniser.features). */
  static train(examples: ReadonlyArray<{ readonly features: string[]; readonly label: DelayLabel }>): DelayClassifier {
    const bayes = new BayesClassifier();
    for (const e of examples) bayes.addDocument(e.features, e.label);
    bayes.train();
    return new DelayClassifier(bayes);
  }

  /** Restores a model saved as natural saves it (`JSON.stringify(classifier)`). */
  static fromModel(raw: unknown): DelayClassifier {
    return new DelayClassifier(BayesClassifier.restore(raw));
  }

  /** The model as natural serialises it, without the training documents (they are in data/). */
  toJSON(): unknown {
    const { docs: _docs, ...rest } = JSON.parse(JSON.stringify(this.model)) as Record<string, unknown>;
    return { ...rest, docs: [], lastAdded: 0 };
  }

  classify(features: readonly string[]): Classification {
    const present = new Set<number>();
    for (const f of features) {
      const i = this.index.get(f);
      if (i !== undefined) present.add(i);
    }
    const logs = this.labels.map((_, k) => {
      const delta = this.presentDelta[k]!;
      let log = this.base[k]!;
      for (const i of present) log += delta[i]!;
      return log;
    });
    const max = Math.max(...logs);
    const exps = logs.map((l) => Math.exp(l - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    const probabilities = { delay: 0, suspension: 0, none: 0 } as Record<DelayLabel, number>;
    this.labels.forEach((label, k) => (probabilities[label] = exps[k]! / sum));
    let best = this.labels[0]!;
    for (const label of this.labels) if (probabilities[label] > probabilities[best]) best = label;
    return { label: best, probabilities };
  }

  /** natural's own (dense) classification, for checking that the sparse scoring agrees. */
  classifyWithNatural(features: string[]): DelayLabel {
    return this.model.classify(features) as DelayLabel;
  }
}
