import { BayesClassifier, type NaturalBayesClassifier } from '../text/natural-parts';
import { FeatureIndex, hashFeature } from '@tsunagu/text-features';

export const DELAY_LABELS = ['delay', 'suspension', 'none'] as const;
export type DelayLabel = (typeof DELAY_LABELS)[number];

export interface LabelledTweet {
  readonly id: string;
  readonly lang: string;
  readonly label: DelayLabel;
  readonly text: string;
  /**
   * The decision per line the post names (or, naming none, the line its
   * stations make certain): line id → label. Absent on posts about no line.
   */
  readonly lines?: Readonly<Record<string, DelayLabel>>;
  /** which trap of issue 11 the example is about (documentation and tests) */
  readonly trap?: string;
}

export interface Classification {
  readonly label: DelayLabel;
  /** posterior per label, summing to 1 */
  readonly probabilities: Readonly<Record<DelayLabel, number>>;
}

/**
 * natural's BayesClassifier trained on the features of the labelled posts
 * (text/delay-features.ts), scored as a full Bernoulli naive Bayes from the
 * counts natural learnt, in log space and sparsely: Laplace-smoothed
 * P(f|c) = (n_c(f) + 1) / (n_c + 2) for present AND absent features, the
 * absent-feature total precomputed per class, so a tweet costs only its own
 * features. natural's own `classify` leaves the absent features out (which
 * favours the smallest class for any tweet with unfamiliar words), builds a dense
 * vector over the vocabulary per call and multiplies raw probabilities.
 * Features are looked up by their 32-bit hash (see HashSink): no strings at run time.
 */
export class DelayClassifier {
  private readonly index: FeatureIndex;
  private readonly labels: DelayLabel[];
  /** per label: log prior + Σ over the whole vocabulary of log(1 − P(f|c)) */
  private readonly base: Float64Array;
  /** per feature index, per label: log P(f|c) − log(1 − P(f|c)) */
  private readonly delta: Float64Array;
  /** epoch marks for de-duplicating a tweet's features without a Set */
  private readonly seen: Uint32Array;
  /** per label: the tweet's log posterior (scratch, reused per call) */
  private readonly logs: Float64Array;
  private epoch = 0;

  private constructor(readonly model: NaturalBayesClassifier) {
    const features = Object.keys(model.features);
    const n = features.length;
    this.index = new FeatureIndex(features.map(hashFeature));
    const bayes = model.classifier;
    this.labels = Object.keys(bayes.classFeatures) as DelayLabel[];
    const k = this.labels.length;
    const docs = this.labels.reduce((sum, label) => sum + (bayes.classTotals[label]! - 1), 0);
    this.base = new Float64Array(k);
    this.delta = new Float64Array(n * k);
    this.labels.forEach((label, c) => {
      if (!DELAY_LABELS.includes(label)) throw new RangeError(`delay model: unknown label ${label}`);
      // apparatus stores n_c + 1 in classTotals and n_c(f) + smoothing in classFeatures (indexed as `features` is ordered)
      const nc = bayes.classTotals[label]! - 1;
      const counts = bayes.classFeatures[label]!;
      let base = Math.log(nc / docs);
      for (let i = 0; i < n; i++) {
        const nf = counts[i] !== undefined ? counts[i]! - bayes.smoothing : 0;
        const p = (nf + 1) / (nc + 2);
        base += Math.log(1 - p);
        this.delta[i * k + c] = Math.log(p) - Math.log(1 - p);
      }
      this.base[c] = base;
    });
    this.seen = new Uint32Array(n);
    this.logs = new Float64Array(k);
  }

  /** Trains natural's BayesClassifier on feature lists (see StringSink). */
  static train(examples: ReadonlyArray<{ readonly features: readonly string[]; readonly label: DelayLabel }>): DelayClassifier {
    const bayes = new BayesClassifier();
    for (const e of examples) bayes.addDocument([...new Set(e.features)], e.label);
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

  /** Classifies by feature strings (training, tests). */
  classify(features: readonly string[]): Classification {
    return this.classifyHashes(features.map(hashFeature));
  }

  classifyHashes(hashes: readonly number[]): Classification {
    const k = this.labels.length;
    const logs = this.logs;
    logs.set(this.base);
    if (++this.epoch === 0xffffffff) {
      this.seen.fill(0);
      this.epoch = 1;
    }
    for (const h of hashes) {
      const i = this.index.lookup(h);
      if (i < 0 || this.seen[i] === this.epoch) continue;
      this.seen[i] = this.epoch;
      for (let c = 0; c < k; c++) logs[c]! += this.delta[i * k + c]!;
    }
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (logs[c]! > max) max = logs[c]!;
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(logs[c]! - max);
    const probabilities = { delay: 0, suspension: 0, none: 0 } as Record<DelayLabel, number>;
    let best = this.labels[0]!;
    for (let c = 0; c < k; c++) {
      const label = this.labels[c]!;
      probabilities[label] = Math.exp(logs[c]! - max) / sum;
      if (probabilities[label] > probabilities[best]) best = label;
    }
    return { label: best, probabilities };
  }

  /** natural's own (dense) classification, for checking that the sparse scoring agrees. */
  classifyWithNatural(features: string[]): DelayLabel {
    return this.model.classify(features) as DelayLabel;
  }
}
