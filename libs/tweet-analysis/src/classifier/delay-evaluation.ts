import { createHash } from 'node:crypto';
import type { TweetAnalyser } from '../tweet-analyser';
import { DELAY_LABELS, type DelayLabel, type LabelledTweet } from './delay-classifier';

/** A stable hash for the train/held-out split: no randomness, the same split on every machine. */
export function splitHash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** Share of each label held out from training. */
export const HELD_OUT_SHARE = 0.2;

/**
 * Stratified, deterministic split: within each label (and trap, so every trap
 * is met in both parts) the examples are ordered by the hash of their id and
 * the first 20 % are held out.
 */
export function splitHeldOut(examples: readonly LabelledTweet[]): { train: LabelledTweet[]; heldOut: LabelledTweet[] } {
  const train: LabelledTweet[] = [];
  const heldOut: LabelledTweet[] = [];
  const groups = new Map<string, LabelledTweet[]>();
  for (const e of examples) {
    const key = `${e.label}/${e.trap ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  for (const key of [...groups.keys()].sort()) {
    const sorted = [...groups.get(key)!].sort((a, b) => splitHash(a.id).localeCompare(splitHash(b.id)));
    const cut = Math.round(sorted.length * HELD_OUT_SHARE);
    heldOut.push(...sorted.slice(0, cut));
    train.push(...sorted.slice(cut));
  }
  return { train, heldOut };
}

export interface ClassMetrics {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface MultiClassReport<L extends string> {
  readonly examples: number;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly perClass: Readonly<Record<L, ClassMetrics>>;
  /** gold label → predicted label → count */
  readonly confusion: Readonly<Record<L, Readonly<Record<L, number>>>>;
}

export function multiClassReport<L extends string>(labels: readonly L[], pairs: ReadonlyArray<readonly [gold: L, predicted: L]>): MultiClassReport<L> {
  const confusion = Object.fromEntries(labels.map((g) => [g, Object.fromEntries(labels.map((p) => [p, 0]))])) as Record<L, Record<L, number>>;
  for (const [g, p] of pairs) confusion[g][p]++;
  const perClass = {} as Record<L, ClassMetrics>;
  let f1Sum = 0;
  let correct = 0;
  for (const l of labels) {
    const tp = confusion[l][l];
    correct += tp;
    const predicted = labels.reduce((s, g) => s + confusion[g][l], 0);
    const support = labels.reduce((s, p) => s + confusion[l][p], 0);
    const m = prf(tp, predicted - tp, support - tp);
    perClass[l] = { ...m, support };
    f1Sum += m.f1;
  }
  return { examples: pairs.length, accuracy: ratio(correct, pairs.length), macroF1: round(f1Sum / labels.length), perClass, confusion };
}

export function prf(tp: number, fp: number, fn: number): { precision: number; recall: number; f1: number } {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision: round(precision), recall: round(recall), f1: round(f1) };
}

export interface DelayMistake {
  readonly id: string;
  readonly text: string;
  readonly trap?: string;
  readonly gold: string;
  readonly predicted: string;
}

export interface DelayEvaluation {
  readonly examples: number;
  /** post level, report (delay or suspension) vs none */
  readonly report: { readonly precision: number; readonly recall: number; readonly f1: number; readonly accuracy: number; readonly support: number };
  /** post level, delay / suspension / none */
  readonly threeClass: MultiClassReport<DelayLabel>;
  /** one decision per (post, line): report vs none, over the lines in the gold set or in the prediction */
  readonly perLine: { readonly pairs: number; readonly precision: number; readonly recall: number; readonly f1: number };
  /** delay posts about known lines whose reported lines are exactly the gold ones */
  readonly lineIdentification: { readonly posts: number; readonly correct: number; readonly rate: number };
  /** held-out examples per trap and how many were right (post level) */
  readonly traps: Readonly<Record<string, { readonly examples: number; readonly correct: number }>>;
  readonly mistakes: readonly DelayMistake[];
}

const isReportLabel = (l: DelayLabel) => l !== 'none';

/** Post-level and per-line figures of the analyser on labelled posts. */
export function evaluateDelayDetection(examples: readonly LabelledTweet[], analyser: TweetAnalyser): DelayEvaluation {
  const pairs: Array<[DelayLabel, DelayLabel]> = [];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let lineTp = 0;
  let lineFp = 0;
  let lineFn = 0;
  let linePairs = 0;
  let idPosts = 0;
  let idCorrect = 0;
  const traps: Record<string, { examples: number; correct: number }> = {};
  const mistakes: DelayMistake[] = [];
  for (const e of examples) {
    const a = analyser.analyse({ id: e.id, author: 'eval', text: e.text, createdAt: 0 });
    const reported = new Map(a.reports.map((r) => [r.lineId, r.kind] as const));
    const predicted: DelayLabel =
      a.reports.length > 0 ? ([...reported.values()].includes('suspension') ? 'suspension' : 'delay') : a.lines.length === 0 && a.assessment.isReport ? a.assessment.kind! : 'none';
    pairs.push([e.label, predicted]);
    const goldReport = isReportLabel(e.label);
    const predReport = isReportLabel(predicted);
    if (goldReport && predReport) tp++;
    else if (predReport) fp++;
    else if (goldReport) fn++;
    const gold = e.lines ?? {};
    const lineIds = new Set([...Object.keys(gold), ...a.lines.map((l) => l.lineId)]);
    for (const lineId of lineIds) {
      linePairs++;
      const g = gold[lineId] !== undefined && isReportLabel(gold[lineId]!);
      const p = reported.has(lineId);
      if (g && p) lineTp++;
      else if (p) lineFp++;
      else if (g) lineFn++;
    }
    const goldLines = Object.keys(gold).filter((l) => isReportLabel(gold[l]!)).sort();
    const lineRight = goldLines.join() === [...reported.keys()].sort().join();
    if (goldReport && goldLines.length > 0) {
      idPosts++;
      if (lineRight) idCorrect++;
    }
    const postRight = predicted === e.label || (goldReport && predReport);
    if (e.trap) {
      const t = (traps[e.trap] ??= { examples: 0, correct: 0 });
      t.examples++;
      if (postRight && (goldLines.length === 0 || lineRight)) t.correct++;
    }
    if (predicted !== e.label || (goldLines.length > 0 && !lineRight)) {
      mistakes.push({
        id: e.id,
        text: e.text,
        ...(e.trap ? { trap: e.trap } : {}),
        gold: `${e.label}${goldLines.length ? ` ${goldLines.join('+')}` : ''}`,
        predicted: `${predicted}${reported.size ? ` ${[...reported.keys()].join('+')}` : ''}`,
      });
    }
  }
  const report = prf(tp, fp, fn);
  return {
    examples: examples.length,
    report: { ...report, accuracy: ratio(pairs.filter(([g, p]) => isReportLabel(g) === isReportLabel(p)).length, pairs.length), support: tp + fn },
    threeClass: multiClassReport(DELAY_LABELS, pairs),
    perLine: { pairs: linePairs, ...prf(lineTp, lineFp, lineFn) },
    lineIdentification: { posts: idPosts, correct: idCorrect, rate: ratio(idCorrect, idPosts) },
    traps,
    mistakes,
  };
}

/** Parses the JSON-lines labelled set. */
export function parseLabelledTweets(jsonl: string): LabelledTweet[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as LabelledTweet);
}

function ratio(hits: number, n: number): number {
  return n === 0 ? 0 : round(hits / n);
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
