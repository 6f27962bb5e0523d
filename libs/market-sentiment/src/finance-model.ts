import { FeatureIndex, hashFeature } from '@tsunagu/text-features';
import { emitFeatures, FINANCE_FEATURISER_VERSION, HashFeatureSink } from './finance-features';
import { LexiconSentiment, type LexiconScore, type SentimentEvidence } from './lexicon-sentiment';
import type { Token } from './text-normaliser';

/** The labels of the training set (`0` bearish, `1` bullish, `2` neutral). */
export const SENTIMENT_LABELS = ['bearish', 'bullish', 'neutral'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

/** What `scripts/train-sentiment.ts` writes to `models/finance-sentiment.model.json`. */
export interface FinanceModelFile {
  readonly name: string;
  /** how text becomes features; a model is only valid with the featuriser it was trained with */
  readonly featuriser: string;
  readonly trainedOn: { readonly file: string; readonly examples: number; readonly seed: number };
  readonly hyperParameters: { readonly l2: number; readonly minCount: number; readonly iterations: number };
  /** words left out as names (see nameWords) */
  readonly names: readonly string[];
  /** per label (in SENTIMENT_LABELS order) */
  readonly bias: readonly number[];
  /** feature → weight per label (in SENTIMENT_LABELS order); no tweets */
  readonly weights: Readonly<Record<string, readonly number[]>>;
  /** how a prediction becomes a label (chosen on an inner split of the training part) */
  readonly decision: FinanceDecision;
}

export interface FinanceDecision {
  /** added to the bearish and bullish logits: most finance tweets are neutral, and a polar miss costs macro-F1 more */
  readonly polarOffset: number;
  /** |lexicon score| from which everyday language is clear evidence the model's neutral cannot overrule */
  readonly clearLexicon: number;
  /** the model keeps an opposite polarity against clear lexical evidence only from this confidence */
  readonly overruleConfidence: number;
  /** a neutral label whose features favour it by less than this (logit units) is the prior's, and gives way to clear lexical evidence */
  readonly priorMargin: number;
}

export const FEATURISER_VERSION = FINANCE_FEATURISER_VERSION;

export interface ModelPrediction {
  readonly label: SentimentLabel;
  /** posterior per label, summing to 1 */
  readonly probabilities: Readonly<Record<SentimentLabel, number>>;
  /** the features that pushed hardest toward the predicted label */
  readonly evidence: readonly SentimentEvidence[];
  /**
   * how far the tweet's own features (without the learnt prior and offsets) favour
   * the label over the next best: near or below 0, the label is the prior speaking
   */
  readonly featureMargin: number;
}

const K = SENTIMENT_LABELS.length;

/**
 * The trained finance model: multinomial logistic regression (softmax) over the
 * meaning-carrying features of finance-features.ts. A linear model rather than
 * naive Bayes: it weighs correlated evidence once (a broker's name next to
 * "price target cut" no longer votes twice), and its posteriors are calibrated
 * enough to blend with the lexicon.
 */
export class FinanceSentimentModel {
  /** open addressing: feature hash → index + 1 (0 = empty) */
  private readonly index: FeatureIndex;
  private readonly featureNames: readonly string[];
  private readonly sink = new HashFeatureSink();
  private readonly w: Float64Array;
  private readonly bias: Float64Array;
  readonly names: ReadonlySet<string>;
  /** epoch marks: a feature counts once per tweet, without a Set */
  private readonly seen: Uint32Array;
  private epoch = 0;

  constructor(
    readonly file: FinanceModelFile,
    private readonly lexicon = new LexiconSentiment(),
  ) {
    if (file.featuriser !== FEATURISER_VERSION) {
      throw new RangeError(`model ${file.name} was trained with featuriser ${file.featuriser}, this code has ${FEATURISER_VERSION}`);
    }
    const features = Object.keys(file.weights);
    this.featureNames = features;
    this.index = new FeatureIndex(features.map(hashFeature));
    this.w = new Float64Array(features.length * K);
    features.forEach((f, i) => file.weights[f]!.forEach((v, c) => (this.w[i * K + c] = v)));
    this.bias = Float64Array.from(file.bias);
    this.names = new Set(file.names);
    this.seen = new Uint32Array(features.length);
  }

  get name(): string {
    return this.file.name;
  }

  predictTokens(tokens: readonly Token[], lexicon: LexiconScore = this.lexicon.scoreTokens(tokens)): ModelPrediction {
    this.sink.out.length = 0;
    emitFeatures(tokens, lexicon, this, this.sink);
    return this.predictHashes(this.sink.out);
  }

  /** By feature strings (training, tests, inspection). */
  predictFeatures(features: readonly string[]): ModelPrediction {
    return this.predictHashes(features.map(hashFeature));
  }

  predictHashes(hashes: readonly number[]): ModelPrediction {
    const offset = this.file.decision.polarOffset;
    let own0 = 0;
    let own1 = 0;
    let own2 = 0;
    if (++this.epoch === 0xffffffff) {
      this.seen.fill(0);
      this.epoch = 1;
    }
    const known: number[] = [];
    for (const h of hashes) {
      const i = this.index.lookup(h);
      // a feature counts once, as in training (binary features)
      if (i < 0 || this.seen[i] === this.epoch) continue;
      this.seen[i] = this.epoch;
      known.push(i);
      own0 += this.w[i * K]!;
      own1 += this.w[i * K + 1]!;
      own2 += this.w[i * K + 2]!;
    }
    const own = [own0, own1, own2];
    const logits = [own0 + this.bias[0]! + offset, own1 + this.bias[1]! + offset, own2 + this.bias[2]!];
    const max = Math.max(logits[0]!, logits[1]!, logits[2]!);
    const e0 = Math.exp(logits[0]! - max);
    const e1 = Math.exp(logits[1]! - max);
    const e2 = Math.exp(logits[2]! - max);
    const norm = e0 + e1 + e2;
    const probabilities = { bearish: e0 / norm, bullish: e1 / norm, neutral: e2 / norm };
    const best = logits.indexOf(max);
    const featureMargin = own[best]! - Math.max(...own.filter((_, c) => c !== best));
    return { label: SENTIMENT_LABELS[best]!, probabilities, evidence: this.evidenceFor(best, known), featureMargin };
  }

  /** The (up to five) features that raised the winning label most over the others. */
  private evidenceFor(best: number, known: readonly number[]): SentimentEvidence[] {
    const sign = best === 1 ? 1 : best === 0 ? -1 : 0;
    if (sign === 0 || known.length === 0) return [];
    const top: Array<{ feature: string; lift: number }> = [];
    for (let k = 0; k < known.length; k++) {
      const i = known[k]!;
      const own = this.w[i * K + best]!;
      const a = this.w[i * K + ((best + 1) % K)]!;
      const b = this.w[i * K + ((best + 2) % K)]!;
      const lift = own - (a > b ? a : b);
      if (lift <= 0.3) continue;
      top.push({ feature: this.featureNames[i]!, lift });
    }
    top.sort((x, y) => y.lift - x.lift);
    return top.slice(0, 5).map((e) => ({ word: e.feature.replace(/^[a-z]:/, ''), weight: Math.round(sign * e.lift * 1000) / 1000, source: 'model' as const }));
  }
}

/** weights below this for every label change no decision: left out, which keeps the model file small */
const PRUNE = 0.03;

export interface TrainingOptions {
  readonly l2: number;
  /** per-feature factor on l2 (1 if absent) */
  readonly l2Factor?: (feature: string) => number;
  readonly iterations: number;
  readonly learningRate?: number;
}

/**
 * Trains the softmax regression by full-batch Adam on the L2-penalised
 * log-loss: deterministic (no sampling), the same data giving the same weights.
 */
export function trainSoftmax(
  docs: ReadonlyArray<{ readonly features: readonly string[]; readonly label: SentimentLabel }>,
  vocabulary: readonly string[],
  { l2, iterations, learningRate = 0.05, l2Factor }: TrainingOptions,
): { bias: number[]; weights: Record<string, number[]> } {
  const index = new Map(vocabulary.map((f, i) => [f, i] as const));
  const rows = docs.map((d) => ({ x: [...new Set(d.features.map((f) => index.get(f)).filter((i): i is number => i !== undefined))], y: SENTIMENT_LABELS.indexOf(d.label) }));
  const n = rows.length;
  const d = vocabulary.length;
  const w = new Float64Array(d * K);
  const b = new Float64Array(K);
  const mw = new Float64Array(d * K);
  const vw = new Float64Array(d * K);
  const mb = new Float64Array(K);
  const vb = new Float64Array(K);
  const gw = new Float64Array(d * K);
  const gb = new Float64Array(K);
  const l2s = new Float64Array(d * K);
  vocabulary.forEach((f, i) => {
    const v = l2 * (l2Factor ? l2Factor(f) : 1);
    for (let c = 0; c < K; c++) l2s[i * K + c] = v;
  });
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  for (let t = 1; t <= iterations; t++) {
    gw.fill(0);
    gb.fill(0);
    for (const r of rows) {
      const z = [b[0]!, b[1]!, b[2]!];
      for (const i of r.x) for (let c = 0; c < K; c++) z[c]! += w[i * K + c]!;
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const s = e[0]! + e[1]! + e[2]!;
      for (let c = 0; c < K; c++) {
        const g = e[c]! / s - (c === r.y ? 1 : 0);
        gb[c]! += g / n;
        for (const i of r.x) gw[i * K + c]! += g / n;
      }
    }
    for (let j = 0; j < d * K; j++) {
      const g = gw[j]! + l2s[j]! * w[j]!;
      mw[j] = beta1 * mw[j]! + (1 - beta1) * g;
      vw[j] = beta2 * vw[j]! + (1 - beta2) * g * g;
      w[j]! -= (learningRate * (mw[j]! / (1 - beta1 ** t))) / (Math.sqrt(vw[j]! / (1 - beta2 ** t)) + eps);
    }
    for (let c = 0; c < K; c++) {
      mb[c] = beta1 * mb[c]! + (1 - beta1) * gb[c]!;
      vb[c] = beta2 * vb[c]! + (1 - beta2) * gb[c]! * gb[c]!;
      b[c]! -= (learningRate * (mb[c]! / (1 - beta1 ** t))) / (Math.sqrt(vb[c]! / (1 - beta2 ** t)) + eps);
    }
  }
  // weights below PRUNE for every label change no decision: left out, which keeps the model file small
  const weights: Record<string, number[]> = {};
  vocabulary.forEach((f, i) => {
    const v = [0, 1, 2].map((c) => Math.round(w[i * K + c]! * 1000) / 1000);
    if (v.some((x) => Math.abs(x) >= PRUNE)) weights[f] = v;
  });
  return { bias: [...b].map((x) => Math.round(x * 10000) / 10000), weights };
}
