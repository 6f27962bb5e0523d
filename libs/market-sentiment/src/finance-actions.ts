import { LexemeRecords, type Lexeme } from './lexeme';
import type { FeatureSink } from './feature-sinks';
import type { Token } from './text-normaliser';

/**
 * The finance model's meaning features over the tokens' word classes: signed
 * moves (+5 %, "falls 3 %", "$1.52 vs. $1.55") and analyst actions (upgrade /
 * downgrade, target raised / cut, ratings, beats / misses, estimates, guidance).
 * Each word's classes are one number of bits, looked up once per lexeme.
 */
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

/** The word classes above as bits of one number per stem: what `moves` and `actions` ask of a word, without a Set per question */
const enum F {
  Word = 1,
  Up = 1 << 1,
  Down = 1 << 2,
  Raise = 1 << 3,
  Cut = 1 << 4,
  Target = 1 << 5,
  RatingPos = 1 << 6,
  RatingNeg = 1 << 7,
  RatingNeutral = 1 << 8,
  RatingLead = 1 << 9,
  Expect = 1 << 10,
  Beat = 1 << 11,
  Miss = 1 << 12,
  Guidance = 1 << 13,
  Upgrad = 1 << 14,
  Downgrad = 1 << 15,
  /** "strong", "a", "an" between a rating lead and the rating */
  Article = 1 << 16,
  /** "fall", "fell", "come", "came" before "short" */
  FallCome = 1 << 17,
  Short = 1 << 18,
  Guidanc = 1 << 19,
}

const CLASSES: ReadonlyArray<readonly [ReadonlySet<string>, number]> = [
  ...([[UP, F.Up], [DOWN, F.Down], [RAISE, F.Raise], [CUT, F.Cut], [TARGET, F.Target], [EXPECT, F.Expect], [BEAT, F.Beat], [MISS, F.Miss], [GUIDANCE, F.Guidance]] as const),
  ...([[RATING_POS, F.RatingPos], [RATING_NEG, F.RatingNeg], [RATING_NEUTRAL, F.RatingNeutral], [RATING_LEAD, F.RatingLead]] as const),
  ...([[['upgrad'], F.Upgrad], [['downgrad'], F.Downgrad], [['strong', 'a', 'an'], F.Article], [['fall', 'fell', 'come', 'came'], F.FallCome], [['short'], F.Short], [['guidanc'], F.Guidanc]] as const).map(([words, bit]) => [new Set<string>(words), bit] as const),
];

function classesOf(stem: string): number {
  if (!stem) return 0;
  let flags = F.Word;
  for (const [set, bit] of CLASSES) if (set.has(stem)) flags |= bit;
  return flags;
}

/** by word lexeme (other tokens have none: they are '' in the stems the rules read) */
const wordClasses = new LexemeRecords(1, (lex, out, at) => {
  out[at] = classesOf(lex.stem);
});

/** a word's classes (0 for none) */
export function wordClassesOf(lex: Lexeme): number {
  const at = wordClasses.at(lex);
  return wordClasses.data[at]!;
}

/** Whether a word of class `bit` is from `from` to `to` tokens away from i (not i itself). */
function near(flags: Int32Array, n: number, i: number, from: number, to: number, bit: number): boolean {
  const last = Math.min(n - 1, i + to);
  for (let k = Math.max(0, i + from); k <= last; k++) if (k !== i && (flags[k]! & bit) !== 0) return true;
  return false;
}

export function moves(tokens: readonly Token[], flags: Int32Array, sink: FeatureSink): void {
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
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
    if (dir === 0) dir = near(flags, n, i, -3, -1, F.Down) ? -1 : near(flags, n, i, -3, -1, F.Up) ? 1 : near(flags, n, i, 1, 2, F.Down) ? -1 : near(flags, n, i, 1, 2, F.Up) ? 1 : 0;
    let negated = false;
    for (let k = Math.max(0, i - 3); k < i; k++) if (tokens[k]!.negated) negated = true;
    if (negated) dir = dir === 1 ? -1 : dir === -1 ? 1 : 0;
    const size = t.kind === 'percent' && t.value !== undefined ? (Math.abs(t.value) >= 10 ? 'big' : Math.abs(t.value) >= 3 ? 'mid' : 'small') : '';
    const d = dir > 0 ? 'up' : dir < 0 ? 'down' : 'flat';
    sink.fixed(MOVE[kind][d]);
    if (size) sink.fixed(MOVE_SIZED[kind][d][size]);
  }
}

const MOVE = {
  pct: { up: 'm:pct_up', down: 'm:pct_down', flat: 'm:pct_flat' },
  num: { up: 'm:num_up', down: 'm:num_down', flat: 'm:num_flat' },
} as const;
const sized = (kind: string, d: string) => ({ big: `m:${kind}_${d}_big`, mid: `m:${kind}_${d}_mid`, small: `m:${kind}_${d}_small` });
const MOVE_SIZED = {
  pct: { up: sized('pct', 'up'), down: sized('pct', 'down'), flat: sized('pct', 'flat') },
  num: { up: sized('num', 'up'), down: sized('num', 'down'), flat: sized('num', 'flat') },
} as const;

/** the rating a word names: its classes' first of positive, negative, neutral */
function ratingOf(flags: number): string {
  return flags & F.RatingPos ? 'a:rating_pos' : flags & F.RatingNeg ? 'a:rating_neg' : flags & F.RatingNeutral ? 'a:rating_neutral' : '';
}

export function actions(tokens: readonly Token[], flags: Int32Array, sink: FeatureSink): void {
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    const f = flags[i]!;
    if (f === 0) continue;
    const neg = tokens[i]!.negated;
    const flip = neg ? flipped : straight;
    if (f & F.Upgrad) sink.fixed(flip('a:upgrade', 'a:not_upgrade'));
    else if (f & F.Downgrad) sink.fixed(flip('a:downgrade', 'a:not_downgrade'));
    if (f & F.Target) {
      // "price target raised to", "raises PT", "cuts price target", "target lowered"
      if (near(flags, n, i, -3, 3, F.Raise)) sink.fixed('a:target_up');
      else if (near(flags, n, i, -3, 3, F.Cut)) sink.fixed('a:target_down');
      else sink.fixed('a:target');
    }
    if (f & F.RatingLead) {
      const next = i + 1 < n ? flags[i + 1]! : 0;
      const next2 = i + 2 < n ? flags[i + 2]! : 0;
      const rating = ratingOf(next) || (next & F.Article ? ratingOf(next2) : '');
      if (rating) sink.fixed(rating);
    }
    if (f & F.Beat) sink.fixed(near(flags, n, i, 1, 4, F.Expect) ? flip('e:beat', 'e:miss') : 'e:beat_word');
    if (f & F.Miss && (!(f & F.Short) || (i > 0 && flags[i - 1]! & F.FallCome))) {
      if (near(flags, n, i, 1, 4, F.Expect)) sink.fixed(flip('e:miss', 'e:beat'));
    }
    if (f & F.Expect && !(f & F.Guidanc)) {
      // analysts raising or cutting their own estimates
      if (near(flags, n, i, -3, 1, F.Raise)) sink.fixed('e:estimates_up');
      else if (near(flags, n, i, -3, 1, F.Cut)) sink.fixed('e:estimates_down');
    }
    if (f & F.Guidance) {
      if (near(flags, n, i, -3, 2, F.Raise)) sink.fixed('g:up');
      else if (near(flags, n, i, -3, 2, F.Cut)) sink.fixed('g:down');
    }
  }
}

function straight(a: string): string {
  return a;
}

function flipped(_: string, b: string): string {
  return b;
}

