import { tokyoGazetteer, type Gazetteer, type PlaceRef } from '../gazetteer/gazetteer';
import { delayLexicon, type DelayLexicon } from '../lexicon/delay-lexicon';
import { PorterStemmer, TokenizerJa, WordTokenizer, type NaturalTokenizer } from './natural-parts';
import { TermMatcher } from './term-matcher';
import { isJapanese, normaliseText } from './text-normaliser';

const NEGATORS = new Set(['not', 'no', 'never', 'nothing', 'without']);
/** how many tokens after an English negator carry the `not_` mark */
const NEGATION_SCOPE = 2;
const NUMBER = /^\d+$/;

/** Placeholders for names: the classifier learns "<line> 遅延", not "山手線 遅延". */
export const LINE_TOKEN = '<line>';
export const STATION_TOKEN = '<station>';

type Known = PlaceRef | { readonly kind: 'term'; readonly id: string };

/**
 * Word tokens of a tweet. Known phrases (lexicon terms, line and station names)
 * stay whole — TinySegmenter alone cuts 山手線遅延 into 山手/線遅/延 — and names
 * become placeholders. The text between them goes through natural's Japanese
 * tokenizer (TinySegmenter) for Japanese tweets, or natural's word tokenizer and
 * Porter stemmer otherwise. English words right after a negator are marked
 * (`not_…`), so "not running" and "running" are different features.
 */
export class DelayTokeniser {
  private readonly ja: NaturalTokenizer = new TokenizerJa();
  private readonly en: NaturalTokenizer = new WordTokenizer();
  private readonly known: TermMatcher<Known>;

  constructor(gazetteer: Gazetteer, lexicon: DelayLexicon) {
    const entries: Array<readonly [string, Known]> = [];
    // places first: on an equal-length tie a name wins over a lexicon term
    for (const line of gazetteer.lines) {
      for (const t of [line.nameJa, line.nameEn, ...line.aliases]) entries.push([normaliseText(t), { kind: 'line', id: line.id }]);
    }
    for (const line of gazetteer.lines) {
      for (const id of line.stations) {
        const s = gazetteer.station(id)!;
        for (const t of [s.nameJa, s.nameEn, ...s.aliases]) entries.push([normaliseText(t), { kind: 'station', id }]);
      }
    }
    for (const [term] of lexicon.terms) entries.push([term, { kind: 'term', id: term }]);
    this.known = new TermMatcher(entries);
  }

  tokenise(text: string): string[] {
    return this.tokeniseNormalised(normaliseText(text));
  }

  tokeniseNormalised(norm: string): string[] {
    const japanese = isJapanese(norm);
    const tokens: string[] = [];
    let at = 0;
    for (const m of this.known.scan(norm)) {
      this.segment(norm.slice(at, m.start), japanese, tokens);
      tokens.push(m.value.kind === 'line' ? LINE_TOKEN : m.value.kind === 'station' ? STATION_TOKEN : m.value.id);
      at = m.end;
    }
    this.segment(norm.slice(at), japanese, tokens);
    return japanese ? tokens : markNegation(tokens);
  }

  /** Classifier features: the tokens and the bigrams of adjacent tokens (遅れ|てる vs て|ない). */
  features(text: string): string[] {
    return featuresOfTokens(this.tokenise(text));
  }

  private segment(chunk: string, japanese: boolean, out: string[]): void {
    if (chunk.trim().length === 0) return;
    if (japanese) {
      for (const raw of this.ja.tokenize(chunk)) {
        const t = raw.trim();
        if (t.length > 0) out.push(NUMBER.test(t) ? '<num>' : t);
      }
      return;
    }
    for (const word of this.en.tokenize(chunk.replace(/n't\b/g, ' not'))) {
      out.push(NUMBER.test(word) ? '<num>' : PorterStemmer.stem(word));
    }
  }
}

function markNegation(tokens: string[]): string[] {
  const out: string[] = [];
  let scope = 0;
  for (const t of tokens) {
    out.push(scope > 0 ? `not_${t}` : t);
    scope = NEGATORS.has(t) ? NEGATION_SCOPE : Math.max(0, scope - 1);
  }
  return out;
}

/**
 * Features: tokens and bigrams, without the name placeholders — most report
 * tweets name a line or station, so <line> would teach "any tweet naming a line
 * is a report" (池袋でラーメン). Where a tweet is about is the gazetteer's job.
 */
export function featuresOfTokens(tokens: readonly string[]): string[] {
  const features = new Set<string>();
  for (const t of tokens) if (!PLACEHOLDERS.has(t)) features.add(t);
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1]!;
    const b = tokens[i]!;
    if (!PLACEHOLDERS.has(a) && !PLACEHOLDERS.has(b)) features.add(`${a}|${b}`);
  }
  return [...features];
}

const PLACEHOLDERS = new Set([LINE_TOKEN, STATION_TOKEN]);

let shipped: DelayTokeniser | null = null;

/** The tokeniser over the shipped gazetteer and lexicon (what the shipped model was trained with). */
export function delayTokeniser(): DelayTokeniser {
  shipped ??= new DelayTokeniser(tokyoGazetteer(), delayLexicon());
  return shipped;
}
