import { parseCsv } from '@tsunagu/contracts';
import { hashFeature } from '@tsunagu/text-features';
import { SENTIMENT_LABELS, type SentimentLabel } from '../finance-model';

/**
 * The labelled finance tweets (`text,label`; 0 bearish, 1 bullish, 2 neutral) and
 * their deterministic split. The data stays outside the repository
 * (`../shared/data/`); only the model trained on it is committed.
 */
export interface LabelledText {
  readonly text: string;
  readonly label: SentimentLabel;
}

export function parseLabelledTweets(content: string): LabelledText[] {
  const [header, ...rows] = parseCsv(content).map((r) => r.fields);
  if (!header || header[0] !== 'text' || header[1] !== 'label') throw new RangeError('expected a `text,label` header');
  return rows
    .filter((r) => r.length >= 2 && r[0]!.trim() !== '')
    .map((r) => {
      const label = SENTIMENT_LABELS[Number(r[1])];
      if (!label) throw new RangeError(`unknown label ${r[1]}`);
      return { text: r[0]!, label };
    });
}

export interface SplitOptions {
  readonly seed: number;
  /** fraction held out from training, 0..1 */
  readonly heldOutFraction: number;
}

export const DEFAULT_SPLIT: SplitOptions = { seed: 20261129, heldOutFraction: 0.2 };

/**
 * Deterministic split by a seeded hash of the text: the same text (duplicates
 * exist in the set) always lands on the same side, so it cannot leak.
 */
export function splitDataset(
  rows: readonly LabelledText[],
  { seed, heldOutFraction }: SplitOptions = DEFAULT_SPLIT,
): { train: LabelledText[]; heldOut: LabelledText[] } {
  const train: LabelledText[] = [];
  const heldOut: LabelledText[] = [];
  for (const row of rows) {
    const bucket = hashFeature(`${seed}:${row.text}`) / 0x100000000;
    (bucket < heldOutFraction ? heldOut : train).push(row);
  }
  return { train, heldOut };
}

export interface AccuracyReport {
  readonly accuracy: number;
  readonly examples: number;
  readonly perLabel: Readonly<Record<SentimentLabel, { readonly precision: number; readonly recall: number; readonly f1: number; readonly support: number }>>;
  readonly macroF1: number;
  /** gold label → predicted label → count */
  readonly confusion: Readonly<Record<SentimentLabel, Readonly<Record<SentimentLabel, number>>>>;
}

export function accuracyReport(rows: readonly LabelledText[], predict: (text: string) => SentimentLabel): AccuracyReport {
  const confusion = new Map<string, number>();
  let correct = 0;
  for (const row of rows) {
    const predicted = predict(row.text);
    if (predicted === row.label) correct++;
    const key = `${row.label}>${predicted}`;
    confusion.set(key, (confusion.get(key) ?? 0) + 1);
  }
  const get = (actual: SentimentLabel, predicted: SentimentLabel) => confusion.get(`${actual}>${predicted}`) ?? 0;
  const perLabel = {} as Record<SentimentLabel, { precision: number; recall: number; f1: number; support: number }>;
  let f1Sum = 0;
  for (const label of SENTIMENT_LABELS) {
    const tp = get(label, label);
    const predictedAs = SENTIMENT_LABELS.reduce((s, a) => s + get(a, label), 0);
    const support = SENTIMENT_LABELS.reduce((s, p) => s + get(label, p), 0);
    const precision = predictedAs === 0 ? 0 : tp / predictedAs;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    f1Sum += f1;
    perLabel[label] = { precision: round(precision), recall: round(recall), f1: round(f1), support };
  }
  const matrix = Object.fromEntries(SENTIMENT_LABELS.map((a) => [a, Object.fromEntries(SENTIMENT_LABELS.map((p) => [p, get(a, p)]))])) as Record<SentimentLabel, Record<SentimentLabel, number>>;
  return { accuracy: round(rows.length === 0 ? 0 : correct / rows.length), examples: rows.length, perLabel, macroF1: round(f1Sum / SENTIMENT_LABELS.length), confusion: matrix };
}

/** AFINN's score → label, the way a lexicon analyser is read: > 0 bullish, < 0 bearish, 0 neutral. */
export function labelOfScore(score: number, deadBand = 0): SentimentLabel {
  if (score > deadBand) return 'bullish';
  if (score < -deadBand) return 'bearish';
  return 'neutral';
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
