import { isJapanese, normaliseText } from './text-normaliser';
import { PorterStemmer, TokenizerJa, WordTokenizer } from './natural-parts';

const ja = new TokenizerJa();
const en = new WordTokenizer();

const NEGATORS = new Set(['not', 'no', 'never', 'nothing', 'without']);
/** how many tokens after an English negator carry the `not_` mark */
const NEGATION_SCOPE = 2;
const NUMBER = /^\d+$/;

/**
 * Word tokens of a tweet: Japanese text goes through natural's Japanese tokenizer
 * (TinySegmenter), anything else through natural's word tokenizer and the Porter
 * stemmer. English words right after a negator are marked (`not delayed` →
 * `not`, `not_delay`), so "not delayed" and "delayed" become different features.
 */
export function tokenise(text: string): string[] {
  const norm = normaliseText(text);
  if (isJapanese(norm)) {
    return ja
      .tokenize(norm)
      .map((t) => t.trim())
      .filter((t) => t.length > 0)
      .map((t) => (NUMBER.test(t) ? '<num>' : t));
  }
  const words = en.tokenize(norm.replace(/n't\b/g, ' not'));
  const out: string[] = [];
  let negate = 0;
  for (const word of words) {
    if (NUMBER.test(word)) {
      out.push('<num>');
      continue;
    }
    const stem = PorterStemmer.stem(word);
    out.push(negate > 0 ? `not_${stem}` : stem);
    negate = NEGATORS.has(word) ? NEGATION_SCOPE : Math.max(0, negate - 1);
  }
  return out;
}

/**
 * Classifier features: the tokens and the bigrams of adjacent tokens. Bigrams
 * carry what one token cannot: 遅れ+てる (reporting) vs 遅れ+て+ない (denying).
 */
export function featuresOf(text: string): string[] {
  const tokens = tokenise(text);
  const features = new Set(tokens);
  for (let i = 1; i < tokens.length; i++) features.add(`${tokens[i - 1]}|${tokens[i]}`);
  return [...features];
}
