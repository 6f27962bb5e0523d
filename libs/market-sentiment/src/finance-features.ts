import { fnvMix, hashFeature } from '@tsunagu/text-features';
import type { LexiconScore } from './lexicon-sentiment';
import type { Token } from './text-normaliser';

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

const UP = new Set(['up', 'rise', 'rose', 'risen', 'gain', 'jump', 'surg', 'climb', 'ralli', 'soar', 'higher', 'add', 'advanc', 'increas', 'grow', 'grew', 'boost', 'rebound', 'spike', 'pop', 'rocket', 'skyrocket', 'lift', 'hike', 'rais', 'top', 'beat', 'upsid']);
const DOWN = new Set(['down', 'fall', 'fell', 'drop', 'declin', 'slide', 'slid', 'slip', 'sink', 'sank', 'plung', 'tumbl', 'lose', 'lost', 'lower', 'cut', 'decreas', 'shed', 'off', 'slump', 'dip', 'crash', 'plummet', 'tank', 'sink', 'shrink', 'shrank', 'slash', 'trim', 'reduc', 'miss', 'neg', 'loss', 'downsid']);
const RAISE = new Set(['rais', 'lift', 'boost', 'increas', 'hike', 'up', 'bump', 'upgrad', 'higher']);
const CUT = new Set(['cut', 'lower', 'reduc', 'slash', 'trim', 'downgrad', 'decreas', 'down']);
const TARGET = new Set(['target', 'pt', 'tp']);
const RATING_POS = new Set(['buy', 'outperform', 'overweight', 'accumul', 'posit', 'bullish', 'add']);
const RATING_NEG = new Set(['sell', 'underperform', 'underweight', 'reduc', 'neg', 'bearish']);
const RATING_NEUTRAL = new Set(['neutral', 'hold', 'equal', 'equalweight', 'perform', 'inlin', 'in', 'sector', 'peer', 'market']);
const RATING_LEAD = new Set(['to', 'at', 'with', 'initi', 'start', 'reiter', 'maintain', 'rate', 'upgrad', 'downgrad', 'as', 'resum', 'assum']);
const EXPECT = new Set(['estim', 'expect', 'consensu', 'forecast', 'view', 'street', 'project', 'guidanc', 'est', 'eps', 'whisper']);
const BEAT = new Set(['beat', 'top', 'surpass', 'exceed', 'crush', 'smash', 'outpac', 'trounc', 'blow']);
const MISS = new Set(['miss', 'short', 'lag', 'trail', 'disappoint', 'below', 'under']);
const GUIDANCE = new Set(['guidanc', 'outlook', 'forecast', 'view', 'dividend', 'payout', 'buyback']);

export interface FeatureContext {
  /** words that are names (lower case); left out of the features */
  readonly names: ReadonlySet<string>;
}

/**
 * Where features go: as strings (training, inspection) or as 32-bit FNV-1a
 * hashes of the same strings computed from the parts (the analyser: no string is
 * built per feature). A unit is a stem, written `not_<stem>` in a negation's scope.
 */
export interface FeatureSink {
  /** a fixed feature ('a:upgrade', 'l:pos2') */
  fixed(feature: string): void;
  /** `w:<unit>` */
  unigram(neg: boolean, stem: string): void;
  /** `<kind>:<unit a>|<unit b>` */
  bigram(kind: 'b' | 's', negA: boolean, a: string, negB: boolean, b: string): void;
}

export { hashFeature };

export class StringFeatureSink implements FeatureSink {
  readonly out: string[] = [];
  fixed(feature: string): void {
    this.out.push(feature);
  }
  unigram(neg: boolean, stem: string): void {
    this.out.push(neg ? `w:not_${stem}` : `w:${stem}`);
  }
  bigram(kind: 'b' | 's', negA: boolean, a: string, negB: boolean, b: string): void {
    this.out.push(`${kind}:${negA ? 'not_' : ''}${a}|${negB ? 'not_' : ''}${b}`);
  }
}

const H_W = hashFeature('w:');
const H_B = hashFeature('b:');
const H_S = hashFeature('s:');
const fixedHashes = new Map<string, number>();

export class HashFeatureSink implements FeatureSink {
  readonly out: number[] = [];
  fixed(feature: string): void {
    let h = fixedHashes.get(feature);
    if (h === undefined) fixedHashes.set(feature, (h = hashFeature(feature)));
    this.out.push(h);
  }
  unigram(neg: boolean, stem: string): void {
    this.out.push(fnvMix(neg ? fnvMix(H_W, 'not_') : H_W, stem));
  }
  bigram(kind: 'b' | 's', negA: boolean, a: string, negB: boolean, b: string): void {
    let h = kind === 'b' ? H_B : H_S;
    if (negA) h = fnvMix(h, 'not_');
    h = fnvMix(fnvMix(h, a), '|');
    if (negB) h = fnvMix(h, 'not_');
    this.out.push(fnvMix(h, b));
  }
}

/** The features as strings. */
export function financeFeatures(tokens: readonly Token[], lexicon: LexiconScore, ctx: FeatureContext, out: string[] = []): string[] {
  const sink = new StringFeatureSink();
  emitFeatures(tokens, lexicon, ctx, sink);
  for (const f of sink.out) out.push(f);
  return out;
}

const NAME = 'xname';
const PCT = 'xpct';

export function emitFeatures(tokens: readonly Token[], lexicon: LexiconScore, ctx: FeatureContext, sink: FeatureSink): void {
  let prev: string | null = null;
  let prevNeg = false;
  let prev2: string | null = null;
  let prev2Neg = false;
  const stems: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct') {
      prev = null;
      prev2 = null;
      stems.push('');
      continue;
    }
    let unit: string;
    let neg = false;
    if (t.kind === 'word' && (ctx.names.has(t.word) || ctx.names.has(t.stem))) unit = NAME;
    else if (t.kind === 'percent') unit = PCT;
    else {
      unit = t.stem;
      neg = t.negated;
    }
    stems.push(t.kind === 'word' ? t.stem : '');
    if (unit !== NAME) sink.unigram(neg, unit);
    if (prev !== null && !(prev === NAME && unit === NAME)) sink.bigram('b', prevNeg, prev, neg, unit);
    // one word skipped: "raises its dividend", "cut to neutral"
    if (prev2 !== null && prev2 !== NAME && unit !== NAME) sink.bigram('s', prev2Neg, prev2, neg, unit);
    prev2 = prev;
    prev2Neg = prevNeg;
    prev = unit;
    prevNeg = neg;
  }
  moves(tokens, stems, sink);
  actions(tokens, stems, sink);
  lexiconBands(lexicon, sink);
  shape(tokens, sink);
}

/** The stem `k` tokens before/after i (words only), or ''. */
function near(stems: readonly string[], i: number, from: number, to: number, set: ReadonlySet<string>): boolean {
  for (let k = Math.max(0, i + from); k <= Math.min(stems.length - 1, i + to); k++) if (k !== i && set.has(stems[k]!)) return true;
  return false;
}

function moves(tokens: readonly Token[], stems: readonly string[], sink: FeatureSink): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'percent' && t.kind !== 'number') continue;
    // "EPS $1.52 vs. $1.55", "revenue $628.8 mln vs $632.2 mln": this period against the last or the estimate
    const vs = tokens[i + 1]?.word === 'vs' || tokens[i + 1]?.word === 'versus' ? 1 : (tokens[i + 1]?.kind === 'word' && (tokens[i + 2]?.word === 'vs' || tokens[i + 2]?.word === 'versus')) ? 2 : 0;
    if (vs > 0) {
      const other = tokens.slice(i + vs + 1, i + vs + 4).find((x) => x.kind === t.kind);
      if (other && other.value !== undefined && t.value !== undefined && other.value !== t.value) sink.fixed(t.value > other.value ? 'm:vs_up' : 'm:vs_down');
    }
    const kind = t.kind === 'percent' ? 'pct' : 'num';
    // the sign as written wins; else the verb just before ("falls 3%", "up 5%"), else just after ("5% higher")
    let dir = t.sign;
    if (dir === 0) dir = near(stems, i, -3, -1, DOWN) ? -1 : near(stems, i, -3, -1, UP) ? 1 : near(stems, i, 1, 2, DOWN) ? -1 : near(stems, i, 1, 2, UP) ? 1 : 0;
    let negated = false;
    for (let k = Math.max(0, i - 3); k < i; k++) if (tokens[k]!.negated) negated = true;
    if (negated) dir = dir === 1 ? -1 : dir === -1 ? 1 : 0;
    const size = t.kind === 'percent' && t.value !== undefined ? (Math.abs(t.value) >= 10 ? 'big' : Math.abs(t.value) >= 3 ? 'mid' : 'small') : '';
    const d = dir > 0 ? 'up' : dir < 0 ? 'down' : 'flat';
    sink.fixed(`m:${kind}_${d}`);
    if (size) sink.fixed(`m:${kind}_${d}_${size}`);
  }
}

function ratingOf(x: string): string {
  return RATING_POS.has(x) ? 'pos' : RATING_NEG.has(x) ? 'neg' : RATING_NEUTRAL.has(x) ? 'neutral' : '';
}

function actions(tokens: readonly Token[], stems: readonly string[], sink: FeatureSink): void {
  for (let i = 0; i < tokens.length; i++) {
    const s = stems[i]!;
    if (!s) continue;
    const neg = tokens[i]!.negated;
    const flip = neg ? flipped : straight;
    if (s === 'upgrad') sink.fixed(flip('a:upgrade', 'a:not_upgrade'));
    else if (s === 'downgrad') sink.fixed(flip('a:downgrade', 'a:not_downgrade'));
    if (TARGET.has(s)) {
      // "price target raised to", "raises PT", "cuts price target", "target lowered"
      if (near(stems, i, -3, 3, RAISE)) sink.fixed('a:target_up');
      else if (near(stems, i, -3, 3, CUT)) sink.fixed('a:target_down');
      else sink.fixed('a:target');
    }
    if (RATING_LEAD.has(s)) {
      const next = stems[i + 1] ?? '';
      const next2 = stems[i + 2] ?? '';
      const rating = ratingOf(next) || (next === 'strong' || next === 'a' || next === 'an' ? ratingOf(next2) : '');
      if (rating) sink.fixed(`a:rating_${rating}`);
    }
    if (BEAT.has(s)) sink.fixed(near(stems, i, 1, 4, EXPECT) ? flip('e:beat', 'e:miss') : 'e:beat_word');
    if (MISS.has(s) && (s !== 'short' || stems[i - 1] === 'fall' || stems[i - 1] === 'fell' || stems[i - 1] === 'come' || stems[i - 1] === 'came')) {
      if (near(stems, i, 1, 4, EXPECT)) sink.fixed(flip('e:miss', 'e:beat'));
    }
    if (EXPECT.has(s) && s !== 'guidanc') {
      // analysts raising or cutting their own estimates
      if (near(stems, i, -3, 1, RAISE)) sink.fixed('e:estimates_up');
      else if (near(stems, i, -3, 1, CUT)) sink.fixed('e:estimates_down');
    }
    if (GUIDANCE.has(s)) {
      if (near(stems, i, -3, 2, RAISE)) sink.fixed('g:up');
      else if (near(stems, i, -3, 2, CUT)) sink.fixed('g:down');
    }
  }
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

function straight(a: string): string {
  return a;
}

function flipped(_: string, b: string): string {
  return b;
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
