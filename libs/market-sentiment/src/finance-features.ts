import { hashFeature } from '@tsunagu/text-features';
import { StringFeatureSink, type FeatureSink } from './feature-sinks';
import { actions, moves, wordClassesOf } from './finance-actions';
import { LexemeRecords, symbolLexeme, type Lexeme } from './lexeme';
import type { LexiconScore } from './lexicon-sentiment';
import type { Token } from './text-normaliser';

export { HashFeatureSink, StringFeatureSink, type FeatureSink } from './feature-sinks';
export { hashFeature };

/**
 * Features of the finance model: what a tweet says, not whom it names.
 *
 * - words: negation-marked Porter stems, adjacent-stem bigrams and bigrams over one
 *   skipped word ("raises its dividend"), minus the names
 *   (`names`: words written capitalised almost everywhere in the training tweets —
 *   brokers, companies, people — and cashtags, which are one placeholder);
 * - signed moves: a percentage or amount with its direction, from its sign (+5 %,
 *   −3 %) or the verb before it (rises 5 %, falls 3 %), and its size;
 * - analyst actions: upgrade / downgrade, price target raised / cut, ratings
 *   initiated or moved to buy / hold / sell;
 * - results against expectations: beats / misses (estimates, consensus), guidance
 *   raised / cut;
 * - the lexicon's verdict in bands, so everyday language ("love it", 🚀) reaches the
 *   model too.
 */
export const FINANCE_FEATURISER_VERSION = 'meaning-v2';

export interface FeatureContext {
  /** words that are names (lower case); left out of the features */
  readonly names: ReadonlySet<string>;
  /** the same as `names`, by lexeme, where the caller keeps it (the model does: one array read per token) */
  isName?(lex: Lexeme): boolean;
}

/** `names` by lexeme, remembered per lexeme (a word is a name if its surface form or its stem is one) */
export class NameLookup {
  private readonly table: LexemeRecords;

  constructor(names: ReadonlySet<string>) {
    this.table = new LexemeRecords(1, (lex, out, at) => {
      out[at] = names.has(lex.word) || names.has(lex.stem) ? 1 : 0;
    });
  }

  has(lex: Lexeme): boolean {
    const at = this.table.at(lex);
    return this.table.data[at] === 1;
  }
}


/** The features as strings. */
export function financeFeatures(tokens: readonly Token[], lexicon: LexiconScore, ctx: FeatureContext, out: string[] = []): string[] {
  const sink = new StringFeatureSink();
  emitFeatures(tokens, lexicon, ctx, sink);
  for (const f of sink.out) out.push(f);
  return out;
}

/** a name's place in the bigrams; a percentage's unit (the placeholder, whatever the tokeniser's stem) */
const NAME = symbolLexeme('xname');
const PCT = symbolLexeme('xpct');

/** per token: its word's classes (F), 0 for the rest; reused from tweet to tweet */
let classes = new Int32Array(256);

export function emitFeatures(tokens: readonly Token[], lexicon: LexiconScore, ctx: FeatureContext, sink: FeatureSink): void {
  let prev: Lexeme | null = null;
  let prevNeg = false;
  let prevName = false;
  let prev2: Lexeme | null = null;
  let prev2Neg = false;
  let prev2Name = false;
  if (classes.length < tokens.length) classes = new Int32Array(tokens.length * 2);
  const flags = classes;
  const names = ctx.names;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct') {
      prev = null;
      prev2 = null;
      flags[i] = 0;
      continue;
    }
    let unit: Lexeme;
    let neg = false;
    const word = t.kind === 'word';
    if (word && (ctx.isName ? ctx.isName(t.lex) : names.has(t.word) || names.has(t.stem))) unit = NAME;
    else if (t.kind === 'percent') unit = PCT;
    else {
      unit = t.lex;
      neg = t.negated;
    }
    flags[i] = word ? wordClassesOf(t.lex) : 0;
    // by the unit's text, as the features are strings: a word "xname" reads as a name too
    const name = unit === NAME || unit.stem === NAME.stem;
    if (!name) sink.unigram(neg, unit);
    if (prev !== null && !(prevName && name)) sink.bigram('b', prevNeg, prev, neg, unit);
    // one word skipped: "raises its dividend", "cut to neutral"
    if (prev2 !== null && !prev2Name && !name) sink.bigram('s', prev2Neg, prev2, neg, unit);
    prev2 = prev;
    prev2Neg = prevNeg;
    prev2Name = prevName;
    prev = unit;
    prevNeg = neg;
    prevName = name;
  }
  moves(tokens, flags, sink);
  actions(tokens, flags, sink);
  lexiconBands(lexicon, sink);
  shape(tokens, sink);
}

function lexiconBands(lexicon: LexiconScore, sink: FeatureSink): void {
  const c = lexicon.score;
  if (c >= 0.6) sink.fixed('l:pos3');
  else if (c >= 0.3) sink.fixed('l:pos2');
  else if (c > 0.05) sink.fixed('l:pos1');
  else if (c <= -0.6) sink.fixed('l:neg3');
  else if (c <= -0.3) sink.fixed('l:neg2');
  else if (c < -0.05) sink.fixed('l:neg1');
  else sink.fixed('l:zero');
  let pos = 0;
  let neg = 0;
  let everydayPos = 0;
  let everydayNeg = 0;
  for (const e of lexicon.evidence) {
    if (e.source === 'finance-lexicon') {
      if (e.weight > 0) pos++;
      else if (e.weight < 0) neg++;
    } else if (e.weight >= 1.5) everydayPos++;
    else if (e.weight <= -1.5) everydayNeg++;
  }
  if (pos > 0) sink.fixed(pos > 1 ? 'f:pos2' : 'f:pos');
  if (neg > 0) sink.fixed(neg > 1 ? 'f:neg2' : 'f:neg');
  if (pos > 0 && neg === 0) sink.fixed('f:only_pos');
  if (neg > 0 && pos === 0) sink.fixed('f:only_neg');
  if (everydayPos > 0) sink.fixed('v:pos');
  if (everydayNeg > 0) sink.fixed('v:neg');
}

/**
 * Which words are names: written capitalised (not at the start of a sentence,
 * not in a line of capitals, not in Title Case headlines) in at least `share` of
 * their occurrences, and seen at least `minCount` times. Computed on the
 * training tweets only.
 */
export function nameWords(rows: ReadonlyArray<readonly Token[]>, share = 0.8, minCount = 3, known: Iterable<string> = []): Set<string> {
  const seen = new Map<string, { capitalised: number; total: number }>();
  for (const tokens of rows) {
    const words = tokens.filter((t) => t.kind === 'word');
    const titleCase = words.filter((t) => t.caps !== 'lower').length > words.length * 0.6;
    if (titleCase) continue;
    for (const t of words) {
      if (t.initial || t.caps === 'upper') continue;
      const s = seen.get(t.word) ?? { capitalised: 0, total: 0 };
      s.total++;
      if (t.caps === 'title') s.capitalised++;
      seen.set(t.word, s);
    }
  }
  const names = new Set<string>(known);
  for (const [word, s] of seen) if (s.total >= minCount && s.capitalised / s.total >= share && word.length > 1) names.add(word);
  return names;
}

/** The tweet's form: a question ("Is X the best stock to buy?") or a list of cashtags is rarely a view. */
function shape(tokens: readonly Token[], sink: FeatureSink): void {
  let tickers = 0;
  let question = false;
  for (const t of tokens) {
    if (t.kind === 'ticker') tickers++;
    else if (t.kind === 'punct' && t.word === '?') question = true;
  }
  if (question) sink.fixed('s:question');
  if (tickers >= 3) sink.fixed('s:ticker_list');
}
