import lexiconJson from '../../data/delay-lexicon.json';
import { normaliseText } from '../text/text-normaliser';
import { TermMatcher, type TermMatch } from '../text/term-matcher';

/** Report phrases first: on an equal-length tie the report reading wins over the cue words. */
export const LEXICON_CATEGORIES = ['suspension', 'delay', 'cause', 'weak', 'weakSuspension', 'normal', 'resumed', 'certificate', 'missed', 'past', 'present', 'nontrain', 'train'] as const;
export type LexiconCategory = (typeof LEXICON_CATEGORIES)[number];

/** Categories that say a delay or suspension is happening. */
export const REPORT_CATEGORIES: ReadonlySet<LexiconCategory> = new Set(['suspension', 'delay', 'cause', 'weak', 'weakSuspension']);
/** Categories that say it is not (any more), or that the writer's own mishap is meant. */
export const NEGATION_CATEGORIES: ReadonlySet<LexiconCategory> = new Set(['normal', 'resumed', 'certificate', 'missed']);

export type DelayLexiconData = { readonly version: number; readonly description?: string } & {
  readonly [C in LexiconCategory]: { readonly ja: readonly string[]; readonly en: readonly string[] };
};

export type LexiconHit = TermMatch<LexiconCategory>;

/** The report phrases and counter-evidence a text holds (the texts of the hits). */
export interface LexiconHits {
  readonly delay: readonly string[];
  readonly suspension: readonly string[];
  /** every counter-evidence phrase: runs normally, resumed, certificate, missed */
  readonly negation: readonly string[];
}

/**
 * The delay lexicon (data/delay-lexicon.json): one pass over a character trie
 * finds every phrase; overlapping phrases resolve to the longest, so the
 * counter-phrases that contain a report word (乗り遅れ, 遅延証明, "not delayed")
 * win over it without a separate masking pass.
 */
export class DelayLexicon {
  private readonly matcher: TermMatcher<LexiconCategory>;
  /** every term with its category */
  readonly terms: ReadonlyArray<readonly [string, LexiconCategory]>;

  constructor(data: DelayLexiconData) {
    const terms: Array<[string, LexiconCategory]> = [];
    for (const category of LEXICON_CATEGORIES) for (const t of [...data[category].ja, ...data[category].en]) terms.push([normaliseText(t), category]);
    this.terms = terms;
    this.matcher = new TermMatcher(terms);
  }

  scan(text: string): LexiconHits {
    return this.scanNormalised(normaliseText(text));
  }

  scanNormalised(norm: string): LexiconHits {
    return summariseHits(this.hitsNormalised(norm));
  }

  /** Every phrase with its span and category, left to right. */
  hitsNormalised(norm: string): LexiconHit[] {
    return this.matcher.scan(norm);
  }
}

export function summariseHits(hits: readonly LexiconHit[]): LexiconHits {
  const delay: string[] = [];
  const suspension: string[] = [];
  const negation: string[] = [];
  for (const h of hits) {
    if (h.value === 'delay' || h.value === 'cause') delay.push(h.text);
    else if (h.value === 'suspension' || h.value === 'weakSuspension') suspension.push(h.text);
    else if (NEGATION_CATEGORIES.has(h.value)) negation.push(h.text);
  }
  return { delay, suspension, negation };
}

let shipped: DelayLexicon | null = null;

/** The shipped lexicon (data/delay-lexicon.json), built once. */
export function delayLexicon(): DelayLexicon {
  shipped ??= new DelayLexicon(lexiconJson as DelayLexiconData);
  return shipped;
}
