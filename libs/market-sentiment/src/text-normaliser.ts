import { FNV_OFFSET, FNV_PRIME } from '@tsunagu/text-features';
import { asciiWordLexemeAt, NEGATION_SCOPE, symbolLexeme, wordLexeme, wordLexemeAt, type Lexeme } from './lexeme';

import { PLACEHOLDERS, type Token, type TokenKind } from './token';

export { isNegation, LexemeTable, stemOf, symbolLexeme, wordLexeme, type Lexeme } from './lexeme';
export { PLACEHOLDERS, type Token, type TokenKind } from './token';

/** the hash's constants, read once (each read through the module's re-export is a getter call: per character it costs more than the multiply) */
const PRIME = FNV_PRIME;
const OFFSET = FNV_OFFSET;

/**
 * Turns a tweet into the tokens both sentiment scorers read (token.ts), in one
 * pass over its characters (no regular expression per token: the analyser reads
 * 100 000 tweets a second).
 */
/** Emoticons (VADER's, the common ones): matched at punctuation, longest first. */
const EMOTICONS: ReadonlySet<string> = new Set([
  ':)', ':-)', ':))', ':D', ':-D', ';)', ';-)', ':P', ':-P', ':p', ':(', ':-(', ':((', ":'(", ':/', ':-/', ':|', '<3', '</3', '=)', '=(', '^^', '^_^', 'xD', 'XD', ':O', ':o', '>:(', 'D:', ':]', ':[', '8)',
]);
const MAX_EMOTICON = 3;
/** the first characters of the emoticons: anything else cannot start one */
const EMOTICON_START: ReadonlySet<number> = new Set([...EMOTICONS].map((e) => e.charCodeAt(0)));

const enum C {
  Space = 32,
  Bang = 33,
  Quote = 34,
  Hash = 35,
  Dollar = 36,
  Percent = 37,
  Apos = 39,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Colon = 58,
  Semi = 59,
  Question = 63,
  At = 64,
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x24f);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
/** k, m, b in either case: 5k, 2M, 1.2b */
function isMagnitude(c: number): boolean {
  const l = c | 0x20;
  return l === 107 || l === 109 || l === 98;
}
function isUpper(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde);
}

/** NFKC and typographic quotes, the only normalisation the scanner needs. */
export function normaliseText(text: string): string {
  return isAscii(text) ? normaliseAscii(text) : normaliseOther(text);
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 128) return false;
  return true;
}

/** ASCII is its own NFKC form and has none of the typographic marks but the backquote (most tweets: no normaliser call) */
function normaliseAscii(text: string): string {
  return text.includes('`') ? text.replace(/`/g, "'") : text;
}

function normaliseOther(text: string): string {
  return text.normalize('NFKC').replace(/[’‘`]/g, "'").replace(/[−–—]/g, '-');
}

/**
 * Tokens with negation scope marked: a negation word flips up to NEGATION_SCOPE
 * following words, and punctuation ends the scope early ("not bad, great" keeps
 * "great" positive). Contractions are read as their negation (isn't → is not).
 */
interface ScanState {
  readonly out: Token[];
  /** words left in the negation's scope */
  scope: number;
  /** the next word starts a sentence */
  initial: boolean;
}

function push(st: ScanState, lex: Lexeme, kind: TokenKind, caps: Token['caps'], sign: -1 | 0 | 1, value: number | undefined): void {
  const word = lex.word;
  if (kind === 'word') {
    if (lex.negation) {
      st.out.push({ word, stem: word, negated: false, kind, caps, initial: st.initial, sign: 0, value: undefined, lex });
      st.scope = NEGATION_SCOPE;
      st.initial = false;
      return;
    }
    const negated = st.scope > 0;
    st.out.push({ word, stem: lex.stem, negated, kind, caps, initial: st.initial, sign, value: undefined, lex });
    if (negated) st.scope--;
    st.initial = false;
    return;
  }
  const negated = st.scope > 0 && (kind === 'emoji' || kind === 'emoticon');
  st.out.push({ word, stem: word, negated, kind, caps, initial: st.initial, sign, value, lex });
  if (negated) st.scope--;
  if (kind === 'number' || kind === 'percent') st.initial = false;
}

const URL_LEX = symbolLexeme(PLACEHOLDERS.url);
const TICKER = symbolLexeme(PLACEHOLDERS.ticker);
const USER = symbolLexeme(PLACEHOLDERS.user);
const NUMBER = symbolLexeme(PLACEHOLDERS.number);
const PERCENT = symbolLexeme(PLACEHOLDERS.percent);
const NOT = wordLexeme('not');

export function tokenise(text: string): Token[] {
  // an ASCII tweet (most) is read in lower case character by character, any other lower-cased once; the original keeps the capitals
  const ascii = isAscii(text);
  const s = ascii ? normaliseAscii(text) : normaliseOther(text);
  const lower = ascii ? s : s.toLowerCase();
  const st: ScanState = { out: [], scope: 0, initial: true };
  const out = st.out;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c <= C.Space) {
      i++;
      continue;
    }
    // links
    if (c === 104 && s.charCodeAt(i + 1) === 116 && (s.startsWith('http://', i) || s.startsWith('https://', i))) {
      let j = i;
      while (j < n && s.charCodeAt(j) > C.Space) j++;
      push(st, URL_LEX, 'url', 'lower', 0, undefined);
      i = j;
      continue;
    }
    // cashtags: $ + a letter (a price is $5)
    if (c === C.Dollar && i + 1 < n && isLetter(s.charCodeAt(i + 1)) && (i === 0 || !isLetter(s.charCodeAt(i - 1)))) {
      let j = i + 1;
      while (j < n && j - i <= 10 && (isLetter(s.charCodeAt(j)) || isDigit(s.charCodeAt(j)) || (s.charCodeAt(j) === C.Dot && isLetter(s.charCodeAt(j + 1))))) j++;
      push(st, TICKER, 'ticker', 'upper', 0, undefined);
      i = j;
      continue;
    }
    if (c === C.At && i + 1 < n && (isLetter(s.charCodeAt(i + 1)) || isDigit(s.charCodeAt(i + 1)) || s.charCodeAt(i + 1) === 95)) {
      let j = i + 1;
      while (j < n && (isLetter(s.charCodeAt(j)) || isDigit(s.charCodeAt(j)) || s.charCodeAt(j) === 95)) j++;
      push(st, USER, 'user', 'lower', 0, undefined);
      i = j;
      continue;
    }
    // numbers: an optional sign, an optional $, digits with , and ., an optional % or k/m/b
    const signed = (c === C.Plus || c === C.Minus) && i + 1 < n && (isDigit(s.charCodeAt(i + 1)) || (s.charCodeAt(i + 1) === C.Dollar && isDigit(s.charCodeAt(i + 2))) || (s.charCodeAt(i + 1) === C.Dot && isDigit(s.charCodeAt(i + 2))));
    if (isDigit(c) || signed || (c === C.Dollar && isDigit(s.charCodeAt(i + 1)))) {
      const sign: -1 | 0 | 1 = c === C.Plus ? 1 : c === C.Minus ? -1 : 0;
      let j = signed ? i + 1 : i;
      if (s.charCodeAt(j) === C.Dollar) j++;
      const from = j;
      let commas = false;
      while (j < n && (isDigit(s.charCodeAt(j)) || ((s.charCodeAt(j) === C.Comma || s.charCodeAt(j) === C.Dot) && isDigit(s.charCodeAt(j + 1))))) {
        if (s.charCodeAt(j) === C.Comma) commas = true;
        j++;
      }
      const digits = s.slice(from, j);
      const value = Number(commas ? digits.replace(/,/g, '') : digits);
      let k = j;
      while (k < n && s.charCodeAt(k) === C.Space && k - j < 1) k++;
      if (s.charCodeAt(k) === C.Percent) {
        push(st, PERCENT, 'percent', 'lower', sign, sign < 0 ? -value : value);
        i = k + 1;
        continue;
      }
      if (j < n && isMagnitude(s.charCodeAt(j)) && !isLetter(s.charCodeAt(j + 1))) j++;
      // 10-Q, 3rd, 2020s: letters glued to digits make a word, not a number
      while (j < n && isLetter(s.charCodeAt(j))) j++;
      push(st, NUMBER, 'number', 'lower', sign, sign < 0 ? -value : value);
      i = j;
      continue;
    }
    if (isLetter(c)) {
      let j = i;
      let upper = 0;
      let letters = 0;
      // the common case, a word without an apostrophe: found by the hash of its lower-case form where it stands, no string cut out
      let hash = OFFSET;
      let apostrophe = false;
      if (ascii) {
        // the same reading as below, for ASCII, with the hash on the way
        while (j < n) {
          const d = s.charCodeAt(j);
          if ((d >= 97 && d <= 122) || (d >= 48 && d <= 57)) {
            letters++;
            hash = Math.imul(hash ^ d, PRIME) >>> 0;
            j++;
          } else if (d >= 65 && d <= 90) {
            letters++;
            upper++;
            hash = Math.imul(hash ^ (d + 32), PRIME) >>> 0;
            j++;
          } else if (d === C.Apos && isLetter(s.charCodeAt(j + 1))) {
            apostrophe = true;
            j++;
          } else break;
        }
      } else {
        while (j < n) {
          const d = s.charCodeAt(j);
          if (isLetter(d) || isDigit(d)) {
            letters++;
            if (isUpper(d)) upper++;
            j++;
          } else if ((d === C.Apos || d === C.Minus) && isLetter(s.charCodeAt(j + 1)) && d !== C.Minus) {
            j++;
          } else break;
        }
        apostrophe = j > lower.length;
        for (let k = i; k < j && !apostrophe; k++) {
          const d = lower.charCodeAt(k);
          if (d === C.Apos) apostrophe = true;
          hash = Math.imul(hash ^ d, PRIME) >>> 0;
        }
      }
      const caps: Token['caps'] = upper === letters && letters > 1 ? 'upper' : isUpper(c) ? 'title' : 'lower';
      if (!apostrophe) {
        push(st, ascii ? asciiWordLexemeAt(hash, s, i, j - i) : wordLexemeAt(hash, lower, i, j - i), 'word', caps, 0, undefined);
        i = j;
        continue;
      }
      let word = ascii ? s.slice(i, j).toLowerCase() : lower.slice(i, j);
      i = j;
      // contractions: n't → not; can't → can not; won't → will not
      if (word.endsWith("n't")) {
        const base = word === "can't" ? 'can' : word === "won't" ? 'will' : word.slice(0, -3);
        if (base) push(st, wordLexeme(base), 'word', caps, 0, undefined);
        push(st, NOT, 'word', 'lower', 0, undefined);
        continue;
      }
      const apos = word.indexOf("'");
      if (apos > 0) word = word.slice(0, apos); // it's → it, company's → company
      push(st, wordLexeme(word), 'word', caps, 0, undefined);
      continue;
    }
    // emoticons, at punctuation (":)" ";-(" "<3")
    if (c < 128) {
      let matched = 0;
      if (EMOTICON_START.has(c)) for (let len = MAX_EMOTICON; len >= 2 && matched === 0; len--) if (i + len <= n && EMOTICONS.has(s.slice(i, i + len))) matched = len;
      if (matched > 0 && (i + matched >= n || !isLetter(s.charCodeAt(i + matched)) || s.charCodeAt(i) === 60)) {
        push(st, symbolLexeme(s.slice(i, i + matched)), 'emoticon', 'lower', 0, undefined);
        i += matched;
        continue;
      }
      if (c === C.Dot || c === C.Comma || c === C.Bang || c === C.Question || c === C.Semi || c === C.Colon || c === C.Minus) {
        // a clause ends: negation scope with it ("not bad, great")
        st.scope = 0;
        if (c !== C.Comma) st.initial = true; // after a dash too: "$XYZ - Company reports" starts a headline
        const lex = symbolLexeme(s[i]!);
        out.push({ word: lex.word, stem: lex.word, negated: false, kind: 'punct', caps: 'lower', initial: false, sign: 0, value: undefined, lex });
      }
      i++;
      continue;
    }
    // emoji: a code point of the symbol blocks or the emoji planes, with its variation selector and joined parts
    if ((c >= 0x2190 && c <= 0x2bff) || (c >= 0xd83c && c <= 0xd83e)) {
      let j = i + (c >= 0xd800 && c <= 0xdbff ? 2 : 1);
      while (j < n) {
        const d = s.charCodeAt(j);
        if (d === 0xfe0f || (d >= 0xdc00 && d <= 0xdfff && s.charCodeAt(j - 1) >= 0xd800 && s.charCodeAt(j - 1) <= 0xdbff && j - i < 2)) j++;
        else if (d === 0xd83c && s.charCodeAt(j + 1) >= 0xdffb && s.charCodeAt(j + 1) <= 0xdfff) j += 2; // skin tone
        else if (d === 0x200d && j + 1 < n) j += s.charCodeAt(j + 1) >= 0xd800 && s.charCodeAt(j + 1) <= 0xdbff ? 3 : 2;
        else break;
      }
      push(st, symbolLexeme(s.slice(i, j)), 'emoji', 'lower', 0, undefined);
      i = j;
      continue;
    }
    i++;
  }
  return out;
}

/**
 * Word features for inspection and the tests: negation-marked stems plus
 * adjacent-stem bigrams ("price target cut", "not good"). The trained model's
 * full feature set is in finance-features.ts.
 */
export function modelFeatures(tokens: readonly Token[]): string[] {
  const unigrams = tokens.filter((t) => t.kind !== 'punct').map((t) => (t.negated ? `not_${t.stem}` : t.stem));
  const features = new Set(unigrams);
  for (let i = 1; i < unigrams.length; i++) features.add(`${unigrams[i - 1]}|${unigrams[i]}`);
  return [...features];
}
