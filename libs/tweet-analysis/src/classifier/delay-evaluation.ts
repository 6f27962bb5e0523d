import { createHash } from 'node:crypto';
import type { DelayReportAssessor } from './delay-report.assessor';
import type { DelayClassifier, DelayLabel, LabelledTweet } from './delay-classifier';
import type { DelayTokeniser } from '../text/tokeniser';

/** A stable hash for the train/held-out split: no randomness, the same split on every machine. */
export function splitHash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** Share of each label held out from training. */
export const HELD_OUT_SHARE = 0.2;

/**
 * Stratified, deterministic split: within each label the examples are ordered by
 * the hash of their id and the first 20 % are held out, so every label is
 * represented in the held-out part in its own proportion.
 */
export function splitHeldOut(examples: readonly LabelledTweet[]): { train: LabelledTweet[]; heldOut: LabelledTweet[] } {
  const train: LabelledTweet[] = [];
  const heldOut: LabelledTweet[] = [];
  const byLabel = new Map<DelayLabel, LabelledTweet[]>();
  for (const e of examples) byLabel.set(e.label, [...(byLabel.get(e.label) ?? []), e]);
  for (const group of byLabel.values()) {
    const sorted = [...group].sort((a, b) => splitHash(a.id).localeCompare(splitHash(b.id)));
    const cut = Math.round(sorted.length * HELD_OUT_SHARE);
    heldOut.push(...sorted.slice(0, cut));
    train.push(...sorted.slice(cut));
  }
  return { train, heldOut };
}

export interface DelayEvaluation {
  readonly examples: number;
  /** classifier alone: delay / suspension / none */
  readonly classifierAccuracy: number;
  /** classifier alone: report (delay or suspension) vs none */
  readonly classifierReportAccuracy: number;
  /** lexicon alone: any report phrase left after negations → report */
  readonly lexiconReportAccuracy: number;
  /** classifier + lexicon (what the service uses): report vs none */
  readonly combinedReportAccuracy: number;
  /** classifier + lexicon: delay / suspension / none */
  readonly combinedAccuracy: number;
  readonly mistakes: ReadonlyArray<{ id: string; text: string; label: DelayLabel; predicted: DelayLabel }>;
}

function ratio(hits: number, n: number): number {
  return n === 0 ? 0 : Math.round((hits / n) * 10000) / 10000;
}

export function evaluateDelayDetection(
  examples: readonly LabelledTweet[],
  tokeniser: DelayTokeniser,
  classifier: DelayClassifier,
  assessor: DelayReportAssessor,
): DelayEvaluation {
  let cls = 0;
  let clsReport = 0;
  let lex = 0;
  let combinedReport = 0;
  let combined = 0;
  const mistakes: Array<{ id: string; text: string; label: DelayLabel; predicted: DelayLabel }> = [];
  for (const e of examples) {
    const isReport = e.label !== 'none';
    const c = classifier.classify(tokeniser.features(e.text));
    if (c.label === e.label) cls++;
    if ((c.label !== 'none') === isReport) clsReport++;
    const a = assessor.assess(e.text);
    if ((a.lexicon.delay.length + a.lexicon.suspension.length > 0) === isReport) lex++;
    if (a.isReport === isReport) combinedReport++;
    const predicted: DelayLabel = a.kind ?? 'none';
    if (predicted === e.label) combined++;
    else mistakes.push({ id: e.id, text: e.text, label: e.label, predicted });
  }
  const n = examples.length;
  return {
    examples: n,
    classifierAccuracy: ratio(cls, n),
    classifierReportAccuracy: ratio(clsReport, n),
    lexiconReportAccuracy: ratio(lex, n),
    combinedReportAccuracy: ratio(combinedReport, n),
    combinedAccuracy: ratio(combined, n),
    mistakes,
  };
}

/** Parses the JSON-lines training set. */
export function parseLabelledTweets(jsonl: string): LabelledTweet[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as LabelledTweet);
}
