import modelJson from '../../data/delay-classifier.model.json';
import { isPersonName, tokyoGazetteer, type Gazetteer, type PlaceMention, type PlaceRef } from '../gazetteer/gazetteer';
import { delayLexicon, summariseHits, type DelayLexicon, type LexiconCategory, type LexiconHit, type LexiconHits } from '../lexicon/delay-lexicon';
import { HashSink, scopeFeatures, StringSink, type FeatureSink } from '../text/delay-features';
import { TermMatcher } from '../text/term-matcher';
import { normaliseText } from '../text/text-normaliser';
import { DelayClassifier, type Classification } from './delay-classifier';
import { evidenceCues, lexiconScore, scopeEvidence, type ScopeEvidence } from './delay-evidence';

export type ReportKind = 'delay' | 'suspension';

export interface DelayAssessment {
  readonly isReport: boolean;
  /** null when not a report */
  readonly kind: ReportKind | null;
  /** 0..1: how sure we are this (part of a) tweet reports a delay or suspension now */
  readonly confidence: number;
  readonly classification: Classification;
  readonly lexicon: LexiconHits;
  readonly evidence: ScopeEvidence;
}

export interface AssessorWeights {
  /** weight of the classifier's P(delay)+P(suspension); the lexicon gets the rest */
  readonly classifier: number;
  /** combined score at or above which a tweet is a report */
  readonly threshold: number;
}

/** Used where a model carries no weights of its own; the shipped model's were chosen by cross-validation on the training part. */
export const DEFAULT_ASSESSOR_WEIGHTS: AssessorWeights = { classifier: 0.5, threshold: 0.5 };

/** A post read once: its normalised text, the places it names and its lexicon phrases (place names masked). */
export interface ReadPost {
  readonly norm: string;
  readonly places: readonly PlaceMention[];
  readonly hits: readonly LexiconHit[];
}

/**
 * Decides whether a tweet, or the part of it about one line, reports a delay or
 * suspension: the trained classifier and the lexicon (with the trap rules of
 * delay-evidence.ts) together.
 */
export class DelayReportAssessor {
  private readonly sink = new HashSink();
  /** place names and lexicon phrases in one trie: one pass per post, a name taking its whole span (湘南新宿ライン holds no phrase) */
  private readonly matcher: TermMatcher<PlaceRef | LexiconCategory>;

  constructor(
    lexicon: DelayLexicon,
    private readonly classifier: DelayClassifier,
    private readonly weights: AssessorWeights = DEFAULT_ASSESSOR_WEIGHTS,
    gazetteer: Gazetteer = tokyoGazetteer(),
  ) {
    // names first: on an equal-length tie a name wins over a phrase
    this.matcher = new TermMatcher<PlaceRef | LexiconCategory>([...gazetteer.names, ...lexicon.terms]);
  }

  /** The places a post names and its lexicon phrases, from one scan. */
  read(norm: string): ReadPost {
    const places: PlaceMention[] = [];
    const hits: LexiconHit[] = [];
    for (const m of this.matcher.scan(norm)) {
      if (typeof m.value === 'string') hits.push(m as LexiconHit);
      else if (!isPersonName(norm, m as { end: number; value: PlaceRef })) places.push({ start: m.start, end: m.end, ref: m.value });
    }
    return { norm, places, hits };
  }

  assess(text: string): DelayAssessment {
    return this.assessNormalised(normaliseText(text));
  }

  assessNormalised(norm: string): DelayAssessment {
    const post = this.read(norm);
    return this.assessScope(post, 0, norm.length);
  }

  /** The part norm[from, to) of a read post. */
  assessScope(post: ReadPost, from: number, to: number): DelayAssessment {
    const evidence = scopeEvidence(post.norm, from, to, post.hits, post.places);
    this.sink.out.length = 0;
    this.emit(post, from, to, evidence, this.sink);
    const classification = this.classifier.classifyHashes(this.sink.out);
    const p = classification.probabilities;
    const score = this.weights.classifier * (p.delay + p.suspension) + (1 - this.weights.classifier) * lexiconScore(evidence);
    const isReport = score >= this.weights.threshold;
    const kind: ReportKind | null = !isReport ? null : evidence.suspension + evidence.weakSuspension > 0 ? 'suspension' : evidence.delay + evidence.weak > 0 ? 'delay' : p.suspension > p.delay ? 'suspension' : 'delay';
    const lexicon = summariseHits(post.hits.filter((h) => h.start >= from && h.end <= to));
    return { isReport, kind, confidence: Math.round(score * 1000) / 1000, classification, lexicon, evidence };
  }

  /** The classifier's features of norm[from, to), as strings (training and inspection). */
  features(post: ReadPost, from: number, to: number): string[] {
    const sink = new StringSink();
    this.emit(post, from, to, scopeEvidence(post.norm, from, to, post.hits, post.places), sink);
    return sink.out;
  }

  private emit(post: ReadPost, from: number, to: number, evidence: ScopeEvidence, sink: FeatureSink): void {
    scopeFeatures(post.norm, from, to, post.places, evidenceCues(evidence), sink);
  }
}

let shipped: DelayReportAssessor | null = null;

/** The assessor with the shipped model (data/delay-classifier.model.json), lexicon and gazetteer. */
export function delayReportAssessor(): DelayReportAssessor {
  const weights = (modelJson as { assessorWeights?: AssessorWeights }).assessorWeights ?? DEFAULT_ASSESSOR_WEIGHTS;
  shipped ??= new DelayReportAssessor(delayLexicon(), DelayClassifier.fromModel(modelJson), weights);
  return shipped;
}
