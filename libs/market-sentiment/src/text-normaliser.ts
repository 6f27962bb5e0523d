import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';
import { WordPunctTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer';
import negationData from './data/negations.json';

/**
 * Turns a tweet into the tokens both sentiment scorers read. Placeholders stand
 * for what carries meaning as a kind rather than as a word: a link (finance news
 * tweets nearly always carry one), a cashtag, a mention, a number, a percentage.
 */
export const PLACEHOLDERS = {
  url: 'xurl',
  ticker: 'xticker',
  user: 'xuser',
  number: 'xnum',
  percent: 'xpct',
} as const;

const PLACEHOLDER_SET: ReadonlySet<string> = new Set(Object.values(PLACEHOLDERS));

export interface Token {
  /** lower-case surface form */
  readonly word: string;
  /** Porter stem (placeholders stay as they are) */
  readonly stem: string;
  /** inside a negation's scope ("not [good]") */
  readonly negated: boolean;
}

const tokenizer = new WordPunctTokenizer();
const NEGATIONS: ReadonlySet<string> = new Set(negationData.words);
const NEGATION_SCOPE = negationData.scope;
const WORD = /^[a-z][a-z'-]*$/;

export function isNegation(word: string): boolean {
  return NEGATIONS.has(word);
}

/** NFKC, placeholders, contractions: the text before tokenising. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/https?:\/\/\S+/gi, ` ${PLACEHOLDERS.url} `)
    .replace(/\$[A-Za-z][A-Za-z0-9.]{0,9}\b/g, ` ${PLACEHOLDERS.ticker} `)
    .replace(/@\w+/g, ` ${PLACEHOLDERS.user} `)
    .replace(/[+-]?\d+(?:[.,]\d+)*\s?%/g, ` ${PLACEHOLDERS.percent} `)
    .replace(/[+-]?\$?\d+(?:[.,]\d+)*[kmbKMB]?\b/g, ` ${PLACEHOLDERS.number} `)
    .replace(/[’`]/g, "'")
    .replace(/\b(can)'t\b/gi, '$1 not')
    .replace(/\b(won)'t\b/gi, 'will not')
    .replace(/n't\b/gi, ' not');
}

/**
 * Tokens with negation scope marked: a negation word flips up to NEGATION_SCOPE
 * following words, and punctuation ends the scope early ("not bad, great" keeps
 * "great" positive).
 */
export function tokenise(text: string): Token[] {
  const out: Token[] = [];
  let scope = 0;
  for (const raw of tokenizer.tokenize(normaliseText(text))) {
    const word = raw.toLowerCase();
    if (!WORD.test(word)) {
      if (/[.,;:!?]/.test(word)) scope = 0;
      continue;
    }
    if (isNegation(word)) {
      out.push({ word, stem: word, negated: false });
      scope = NEGATION_SCOPE;
      continue;
    }
    const stem = PLACEHOLDER_SET.has(word) ? word : PorterStemmer.stem(word);
    out.push({ word, stem, negated: scope > 0 });
    if (scope > 0) scope--;
  }
  return out;
}

/**
 * Classifier features: negation-marked stems plus adjacent-stem bigrams, so
 * "price target cut" and "not good" become features of their own.
 */
export function modelFeatures(tokens: readonly Token[]): string[] {
  const unigrams = tokens.map((t) => (t.negated ? `not_${t.stem}` : t.stem));
  const features = new Set(unigrams);
  for (let i = 1; i < unigrams.length; i++) features.add(`${unigrams[i - 1]}|${unigrams[i]}`);
  return [...features];
}
