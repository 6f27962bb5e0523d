import modelJson from '../../data/delay-classifier.model.json';
import { delayLexicon, type DelayLexicon, type LexiconHits } from '../lexicon/delay-lexicon';
import { normaliseText } from '../text/text-normaliser';
import { delayTokeniser, featuresOfTokens, type DelayTokeniser } from '../text/tokeniser';
import { DelayClassifier, type Classification } from './delay-classifier';

export type ReportKind = 'delay' | 'suspension';

export interface DelayAssessment {
  readonly isReport: boolean;
  /** null when not a report */
  readonly kind: ReportKind | null;
  /** 0..1: how sure we are this tweet reports a delay or suspension now */
  readonly confidence: number;
  readonly classification: Classification;
  readonly lexicon: LexiconHits;
}

export interface AssessorWeights {
  /** weight of the classifier's P(delay)+P(suspension); the lexicon gets the rest */
  readonly classifier: number;
  /** combined score at or above which a tweet is a report */
  readonly threshold: number;
}

export const DEFAULT_ASSESSOR_WEIGHTS: AssessorWeights = { classifier: 0.6, threshold: 0.5 };

/**
 * Lexicon evidence on a 0..1 scale: a report phrase is strong evidence, a
 * negation alone ("遅延証明", "not delayed") is strong counter-evidence, both
 * together (山手線は平常運転、中央線が遅延) lean to a report, neither is weak
 * counter-evidence (most tweets that report a delay use one of the phrases).
 */
function lexiconScore(hits: LexiconHits): number {
  const reports = hits.delay.length + hits.suspension.length;
  if (reports > 0) return hits.negation.length > 0 ? 0.7 : 1;
  return hits.negation.length > 0 ? 0 : 0.15;
}

/** Decides whether a tweet reports a delay or suspension: the trained classifier and the lexicon together. */
export class DelayReportAssessor {
  constructor(
    private readonly tokeniser: DelayTokeniser,
    private readonly lexicon: DelayLexicon,
    private readonly classifier: DelayClassifier,
    private readonly weights: AssessorWeights = DEFAULT_ASSESSOR_WEIGHTS,
  ) {}

  assess(text: string): DelayAssessment {
    return this.assessNormalised(normaliseText(text));
  }

  assessNormalised(norm: string): DelayAssessment {
    const classification = this.classifier.classify(featuresOfTokens(this.tokeniser.tokeniseNormalised(norm)));
    const lexicon = this.lexicon.scanNormalised(norm);
    const p = classification.probabilities;
    const score = this.weights.classifier * (p.delay + p.suspension) + (1 - this.weights.classifier) * lexiconScore(lexicon);
    const isReport = score >= this.weights.threshold;
    const kind: ReportKind | null = !isReport
      ? null
      : lexicon.suspension.length > 0
        ? 'suspension'
        : lexicon.delay.length > 0
          ? 'delay'
          : p.suspension > p.delay
            ? 'suspension'
            : 'delay';
    return { isReport, kind, confidence: Math.round(score * 1000) / 1000, classification, lexicon };
  }
}

let shipped: DelayReportAssessor | null = null;

/** The assessor with the shipped model (data/delay-classifier.model.json), lexicon and gazetteer. */
export function delayReportAssessor(): DelayReportAssessor {
  shipped ??= new DelayReportAssessor(delayTokeniser(), delayLexicon(), DelayClassifier.fromModel(modelJson));
  return shipped;
}
