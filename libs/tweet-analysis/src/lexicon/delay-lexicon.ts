import lexiconJson from '../../data/delay-lexicon.json';
import { normaliseText } from '../text/text-normaliser';
import { maskMatches, TermMatcher } from '../text/term-matcher';

export type LexiconCategory = 'delay' | 'suspension' | 'negation';

export interface DelayLexiconData {
  readonly version: number;
  readonly delay: { readonly ja: readonly string[]; readonly en: readonly string[] };
  readonly suspension: { readonly ja: readonly string[]; readonly en: readonly string[] };
  readonly negation: { readonly ja: readonly string[]; readonly en: readonly string[] };
}

export interface LexiconHits {
  readonly delay: readonly string[];
  readonly suspension: readonly string[];
  readonly negation: readonly string[];
}

/**
 * Phrases that report a delay or a suspension, and phrases that deny or
 * neutralise them (遅延証明, "not delayed", 運転再開). Negations are found and
 * masked first, so their words never count as reports.
 */
export class DelayLexicon {
  private readonly negations: TermMatcher<LexiconCategory>;
  private readonly reports: TermMatcher<LexiconCategory>;
  /** every term with its category, for the tokeniser (a term stays one token) */
  readonly terms: ReadonlyArray<readonly [string, LexiconCategory]>;

  constructor(data: DelayLexiconData) {
    const of = (category: LexiconCategory): Array<[string, LexiconCategory]> =>
      [...data[category].ja, ...data[category].en].map((t) => [normaliseText(t), category]);
    // suspension first: on an equal-length tie the stronger reading wins
    const reports = [...of('suspension'), ...of('delay')];
    this.negations = new TermMatcher(of('negation'));
    this.reports = new TermMatcher(reports);
    this.terms = [...of('negation'), ...reports];
  }

  scan(text: string): LexiconHits {
    return this.scanNormalised(normaliseText(text));
  }

  scanNormalised(norm: string): LexiconHits {
    const negated = this.negations.scan(norm);
    const found = this.reports.scan(maskMatches(norm, negated));
    return {
      negation: negated.map((m) => m.text),
      delay: found.filter((m) => m.value === 'delay').map((m) => m.text),
      suspension: found.filter((m) => m.value === 'suspension').map((m) => m.text),
    };
  }
}

let shipped: DelayLexicon | null = null;

/** The shipped lexicon (data/delay-lexicon.json), built once. */
export function delayLexicon(): DelayLexicon {
  shipped ??= new DelayLexicon(lexiconJson as DelayLexiconData);
  return shipped;
}
