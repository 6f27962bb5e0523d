import type { LexiconScore } from './lexicon-sentiment';
import type { Token } from './text-normaliser';

/**
 * How a tweet is written: as news (a shared link, a headline in Title Case) or in
 * a person's own voice. In news the words are the model's to weigh ("Is X the best
 * stock to buy?", "Bull camp empty on Sally Beauty"); in a person's own voice clear
 * lexical evidence ("love it", "awful day") is what the writer means.
 */
export function isNewsRegister(tokens: readonly Token[]): boolean {
  let words = 0;
  let capitalised = 0;
  for (const t of tokens) {
    // a link is what news tweets share (in the finance set nearly every headline carries one)
    if (t.kind === 'url') return true;
    if (t.kind !== 'word') continue;
    words++;
    if (!t.initial && t.caps !== 'lower') capitalised++;
  }
  // a headline: half its words capitalised past the first ("Severe Thunderstorms To Begin Messy Weather Week")
  return words >= HEADLINE_MIN_WORDS && capitalised / words >= HEADLINE_CAPITALISED;
}

const HEADLINE_MIN_WORDS = 4;
const HEADLINE_CAPITALISED = 0.5;

/** Marks of a person writing: I / my / we, emoji, emoticons, "!", chat slang. "US" in capitals is the country. */
export function hasPersonalMarkers(tokens: readonly Token[]): boolean {
  for (const t of tokens) {
    if (t.kind === 'emoji' || t.kind === 'emoticon' || (t.kind === 'punct' && t.word === '!')) return true;
    if (t.kind === 'word' && PERSONAL.has(t.word) && !(t.word === 'us' && t.caps === 'upper')) return true;
  }
  return false;
}

const PERSONAL: ReadonlySet<string> = new Set(['i', 'im', 'me', 'my', 'mine', 'we', 'our', 'us', 'lol', 'lmao', 'omg', 'ugh', 'yay', 'wow', 'lfg', 'wagmi', 'ngmi', 'rekt', 'smh', 'tbh', 'imo', 'gonna', 'wanna']);

/**
 * Everyday language: not news, and written either with a person's marks
 * (hasPersonalMarkers) or with an everyday word of strong feeling in the
 * direction of the whole ("the concert was awful", "beautiful day"): one word of
 * the general lexicon (VADER, ours; not a finance word, which news uses too:
 * "falls", "downgraded", nor a name) of |valence| ≥ `evaluativeWeight`.
 */
export function isEverydayLanguage(tokens: readonly Token[], lexicon: LexiconScore, evaluativeWeight: number): boolean {
  if (isNewsRegister(tokens)) return false;
  if (hasPersonalMarkers(tokens)) return true;
  const sign = Math.sign(lexicon.score);
  return lexicon.evidence.some((e) => e.source !== 'finance-lexicon' && e.source !== 'model' && Math.sign(e.weight) === sign && Math.abs(e.weight) >= evaluativeWeight && !isName(tokens, e.word));
}

/**
 * A word capitalised inside a sentence, or at its start before another capitalised
 * word, is a name there ("Cancer Genetics reports Q3 results", "at Best Buy"), not a feeling.
 */
function isName(tokens: readonly Token[], word: string): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word' || t.word !== word || t.caps !== 'title') continue;
    const next = tokens[i + 1];
    if (!t.initial || (next?.kind === 'word' && next.caps !== 'lower')) return true;
  }
  return false;
}
