import { resolve } from 'node:path';
import type { SentimentLabel } from '../finance-model';
import type { LabelledText } from './finance-dataset';

/**
 * Our own labelled everyday-language tweets (data/, MIT, written by the project):
 * a training part the finance model learns from (retail investors write like
 * this about $TSLA), a tuning part the label rule is chosen on, and an evaluation
 * part neither ever sees.
 */
export const EVERYDAY_TRAIN_JSONL = resolve(__dirname, '../../data/everyday-sentiment.train.jsonl');
/** our own tuning posts for the label rule (register.ts, decide): chosen on, never trained on, apart from the evaluation set */
export const EVERYDAY_DEV_JSONL = resolve(__dirname, '../../data/everyday-sentiment.dev.jsonl');
export const EVERYDAY_EVAL_JSONL = resolve(__dirname, '../../data/everyday-sentiment.labelled.jsonl');

export type EverydayLabel = 'positive' | 'negative' | 'neutral';

export interface EverydayExample {
  readonly id: string;
  readonly label: EverydayLabel;
  readonly text: string;
}

export const EVERYDAY_TO_SENTIMENT: Readonly<Record<EverydayLabel, SentimentLabel>> = { positive: 'bullish', negative: 'bearish', neutral: 'neutral' };

export function parseEveryday(jsonl: string): EverydayExample[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as EverydayExample);
}

export function everydayAsLabelled(rows: readonly EverydayExample[]): LabelledText[] {
  return rows.map((r) => ({ text: r.text, label: EVERYDAY_TO_SENTIMENT[r.label] }));
}
