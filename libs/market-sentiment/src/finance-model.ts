import { hashFeature } from '@tsunagu/text-features';
import { emitFeatures, FINANCE_FEATURISER_VERSION, HashFeatureSink, NameLookup } from './finance-features';
import { LexiconSentiment, type LexiconScore, type SentimentEvidence } from './lexicon-sentiment';
import type { Lexeme } from './lexeme';
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
  /** added to the bearish logit: most finance tweets are neutral, and a polar miss costs macro-F1 more (bearish is the rarest class) */
  readonly bearishOffset: number;
  /** added to the bullish logit, for the same reason */
  readonly bullishOffset: number;
  /** |lexicon score| from which everyday language is clear evidence the model's neutral cannot overrule */
  readonly clearLexicon: number;
  /** the model keeps an opposite polarity against clear lexical evidence only from this confidence */
  readonly overruleConfidence: number;
  /** a neutral label whose features favour it by less than this (logit units) is the prior's, and gives way to clear lexical evidence */
  readonly priorMargin: number;
  /** |valence| of one general-lexicon word from which a post not written as news reads as everyday language (register.ts) */
  readonly evaluativeWeight: number;
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
  /**
   * Open addressing by feature hash, one 32-byte record per slot so that a
   * lookup reads one cache line: as 32-bit words [hash, mark], then as doubles
   * the three weights (record r: words 8r, 8r + 1; doubles 4r + 1 .. 4r + 3).
   * mark: 0 empty, 1 a feature, from 2 the tweet (epoch) that last counted it.
   */
  private readonly words: Uint32Array;
  private readonly weights: Float64Array;
  private readonly mask: number;
  /** record → feature index (for the evidence's names) */
  private readonly featureOf: Int32Array;
  private readonly featureNames: readonly string[];
  /** the evidence's words, without the feature's kind prefix, made when first shown */
  private readonly evidenceWords: Array<string | undefined>;
  private readonly sink = new HashFeatureSink();
  private readonly bias: Float64Array;
  readonly names: ReadonlySet<string>;
  private readonly nameLookup: NameLookup;
  private epoch = 1;
  /** the records found, reused from tweet to tweet */
  private readonly known: number[] = [];

  constructor(
    readonly file: FinanceModelFile,
    private readonly lexicon = new LexiconSentiment(),
  ) {
    if (file.featuriser !== FEATURISER_VERSION) {
      throw new RangeError(`model ${file.name} was trained with featuriser ${file.featuriser}, this code has ${FEATURISER_VERSION}`);
    }
    const features = Object.keys(file.weights);
    this.featureNames = features;
    this.evidenceWords = features.map(() => undefined);
    let size = 1;
    while (size < features.length * 2) size <<= 1;
    const buffer = new ArrayBuffer(size * 32);
    this.words = new Uint32Array(buffer);
    this.weights = new Float64Array(buffer);
    this.featureOf = new Int32Array(size);
    this.mask = size - 1;
    features.forEach((f, i) => this.insert(hashFeature(f), i, file.weights[f]!));
    this.bias = Float64Array.from(file.bias);
    this.names = new Set(file.names);
    this.nameLookup = new NameLookup(this.names);
  }

  /** a 32-bit collision keeps the first feature, as the feature index always did */
  private insert(hash: number, feature: number, w: readonly number[]): void {
    let r = hash & this.mask;
    while (this.words[r * 8 + 1] !== 0) {
      if (this.words[r * 8] === hash) return;
      r = (r + 1) & this.mask;
    }
    this.words[r * 8] = hash;
    this.words[r * 8 + 1] = 1;
    for (let c = 0; c < K; c++) this.weights[r * 4 + 1 + c] = w[c]!;
    this.featureOf[r] = feature;
  }

  get name(): string {
    return this.file.name;
  }

  /** FeatureContext: whether a word is one of the names, by lexeme */
  isName(lex: Lexeme): boolean {
    return this.nameLookup.has(lex);
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
    const { bearishOffset, bullishOffset } = this.file.decision;
    let own0 = 0;
    let own1 = 0;
    let own2 = 0;
    if (++this.epoch === 0xffffffff) {
      for (let r = 0; r <= this.mask; r++) if (this.words[r * 8 + 1] !== 0) this.words[r * 8 + 1] = 1;
      this.epoch = 2;
    }
    const epoch = this.epoch;
    const words = this.words;
    const weights = this.weights;
    const mask = this.mask;
    // the records found, reused from tweet to tweet (read only by evidenceFor, before the next call)
    const known = this.known;
    known.length = 0;
    for (let k = 0; k < hashes.length; k++) {
      const h = hashes[k]!;
      let r = h & mask;
      let mark = words[r * 8 + 1]!;
      while (mark !== 0 && words[r * 8] !== h) {
        r = (r + 1) & mask;
        mark = words[r * 8 + 1]!;
      }
      // unknown, or counted already: a feature counts once, as in training (binary features)
      if (mark === 0 || mark === epoch) continue;
      words[r * 8 + 1] = epoch;
      known.push(r);
      own0 += weights[r * 4 + 1]!;
      own1 += weights[r * 4 + 2]!;
      own2 += weights[r * 4 + 3]!;
    }
    const l0 = own0 + this.bias[0]! + bearishOffset;
    const l1 = own1 + this.bias[1]! + bullishOffset;
    const l2 = own2 + this.bias[2]!;
    const max = l0 >= l1 ? (l0 >= l2 ? l0 : l2) : l1 >= l2 ? l1 : l2;
    const e0 = Math.exp(l0 - max);
    const e1 = Math.exp(l1 - max);
    const e2 = Math.exp(l2 - max);
    const norm = e0 + e1 + e2;
    const probabilities = { bearish: e0 / norm, bullish: e1 / norm, neutral: e2 / norm };
    // the first label with the largest logit, as indexOf would pick
    const best = l0 === max ? 0 : l1 === max ? 1 : 2;
    const featureMargin = best === 0 ? own0 - Math.max(own1, own2) : best === 1 ? own1 - Math.max(own0, own2) : own2 - Math.max(own0, own1);
    return { label: SENTIMENT_LABELS[best]!, probabilities, evidence: this.evidenceFor(best, known), featureMargin };
  }

  /** The (up to five) features that raised the winning label most over the others. */
  private evidenceFor(best: number, known: readonly number[]): SentimentEvidence[] {
    const sign = best === 1 ? 1 : best === 0 ? -1 : 0;
    if (sign === 0 || known.length === 0) return [];
    const top: Array<{ feature: number; lift: number }> = [];
    for (let k = 0; k < known.length; k++) {
      const r = known[k]!;
      const own = this.weights[r * 4 + 1 + best]!;
      const a = this.weights[r * 4 + 1 + ((best + 1) % K)]!;
      const b = this.weights[r * 4 + 1 + ((best + 2) % K)]!;
      const lift = own - (a > b ? a : b);
      if (lift <= 0.3) continue;
      top.push({ feature: this.featureOf[r]!, lift });
    }
    top.sort((x, y) => y.lift - x.lift);
    return top.slice(0, 5).map((e) => ({ word: this.evidenceWord(e.feature), weight: Math.round(sign * e.lift * 1000) / 1000, source: 'model' as const }));
  }

  private evidenceWord(feature: number): string {
    return (this.evidenceWords[feature] ??= this.featureNames[feature]!.replace(/^[a-z]:/, ''));
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
