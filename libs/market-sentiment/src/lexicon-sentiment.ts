import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';
import SentimentAnalyzer from 'natural/lib/natural/sentiment/SentimentAnalyzer';
import { WordTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer';
import everydayData from './data/everyday-lexicon.json';
import financeLexicon from './data/finance-lexicon.json';
import intensifierData from './data/intensifiers.json';
import vaderData from './data/vader-lexicon.json';
import { tokenise, type Token } from './text-normaliser';

/** One word that moved the score, with its signed contribution (VADER units, −4..4 per word). */
export interface SentimentEvidence {
  readonly word: string;
  readonly weight: number;
  readonly source: 'afinn' | 'vader' | 'everyday-lexicon' | 'finance-lexicon' | 'model';
  readonly negated?: boolean;
  readonly intensifier?: string;
}

export interface LexiconScore {
  /** −1..1: VADER's compound score, total / √(total² + 15) */
  readonly score: number;
  /** summed valence, VADER units */
  readonly total: number;
  readonly evidence: readonly SentimentEvidence[];
}

/** VADER's negation factor: "not good" is weaker than "bad", but negative. */
const NEGATION_FACTOR = -0.74;
/** how many tokens ahead an intensifier reaches ("very, very good", "really not that good") */
const INTENSIFIER_REACH = 2;
/** VADER's normalisation constant: compound = total / sqrt(total² + ALPHA) */
const ALPHA = 15;
/** VADER: a word in capitals among lower-case words counts this much more ("GREAT") */
const CAPS_BOOST = 0.733;
/** VADER: after "but" the sentiment counts 1.5 times, before it half */
const BUT_AFTER = 1.5;
const BUT_BEFORE = 0.5;
/** VADER: each "!" up to four adds this to the total's magnitude */
const EXCLAMATION = 0.292;
/** finance valences are on AFINN's −5..5 scale; VADER's words are −4..4 */
const FINANCE_SCALE = 0.8;

const INTENSIFIERS: ReadonlyMap<string, number> = new Map(Object.entries(intensifierData.words));

interface Valence {
  readonly value: number;
  readonly source: SentimentEvidence['source'];
}

/**
 * Lexicon sentiment that reads everyday language as VADER does — its 7 500 words,
 * slang and emoticons, emoji, our retail-investor slang, finance valences that win
 * over both ("cut", "beat", "bull" mean something else in markets) — with a negation
 * scope, intensifiers, capitals for emphasis, "but" and exclamation marks, keeping
 * the words that drove the score.
 */
export class LexiconSentiment {
  private readonly words = new Map<string, Valence>();
  private readonly stems = new Map<string, Valence>();
  /** two- and three-word phrases, by their first word */
  private readonly phrases = new Map<string, Array<{ readonly words: readonly string[]; readonly valence: Valence }>>();

  constructor() {
    for (const [word, value] of Object.entries(vaderData.words)) this.add(word, { value, source: 'vader' }, false);
    for (const [symbol, value] of Object.entries(vaderData.emoji)) this.words.set(symbol, { value, source: 'vader' });
    for (const [word, value] of Object.entries(everydayData.words)) this.add(word, { value, source: 'everyday-lexicon' }, true);
    for (const [symbol, value] of Object.entries(everydayData.emoji)) this.words.set(symbol, { value, source: 'everyday-lexicon' });
    for (const [word, value] of Object.entries(financeLexicon.words)) this.add(word, { value: value * FINANCE_SCALE, source: 'finance-lexicon' }, true);
  }

  score(text: string): LexiconScore {
    return this.scoreTokens(tokenise(text));
  }

  scoreTokens(tokens: readonly Token[]): LexiconScore {
    const evidence: SentimentEvidence[] = [];
    const weights: number[] = [];
    let shouting = 0;
    let words = 0;
    let butAt = -1;
    let exclamations = 0;
    for (const t of tokens) {
      if (t.kind === 'word') {
        words++;
        if (t.caps === 'upper') shouting++;
      }
    }
    // capitals only emphasise when the rest is not capitals too (a headline in capitals shouts nothing)
    const capsMean = shouting > 0 && shouting < words;
    let boost: { word: string; factor: number; reach: number } | null = null;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.kind === 'punct') {
        if (token.word === '!') exclamations++;
        continue;
      }
      if (token.word === 'but' && token.kind === 'word') {
        butAt = weights.length;
        continue;
      }
      const factor = INTENSIFIERS.get(token.word);
      if (factor !== undefined && token.kind === 'word') {
        boost = { word: token.word, factor, reach: INTENSIFIER_REACH };
        continue;
      }
      const phrase = this.phraseAt(tokens, i);
      const valence = phrase?.valence ?? this.valenceOf(token);
      if (!valence || valence.value === 0) {
        if (boost && --boost.reach <= 0) boost = null;
        continue;
      }
      let weight = valence.value;
      if (boost) weight *= boost.factor;
      if (capsMean && token.caps === 'upper') weight += Math.sign(weight) * CAPS_BOOST;
      if (token.negated) weight *= NEGATION_FACTOR;
      weights.push(weight);
      evidence.push({
        word: phrase ? phrase.words.join(' ') : token.word,
        weight: round(weight),
        source: valence.source,
        ...(token.negated ? { negated: true } : {}),
        ...(boost ? { intensifier: boost.word } : {}),
      });
      if (phrase) i += phrase.words.length - 1;
      boost = null;
    }
    let total = 0;
    weights.forEach((w, k) => (total += butAt < 0 ? w : k < butAt ? w * BUT_BEFORE : w * BUT_AFTER));
    if (total !== 0) total += Math.sign(total) * Math.min(4, exclamations) * EXCLAMATION;
    if (butAt >= 0) evidence.forEach((e, k) => ((e as { weight: number }).weight = round(e.weight * (k < butAt ? BUT_BEFORE : BUT_AFTER))));
    const score = total === 0 ? 0 : total / Math.sqrt(total * total + ALPHA);
    return { score: round(score), total: round(total), evidence };
  }

  private add(word: string, valence: Valence, stems: boolean): void {
    const parts = word.toLowerCase().split(/\s+/);
    if (parts.length > 1) {
      const list = this.phrases.get(parts[0]!) ?? [];
      list.push({ words: parts, valence });
      list.sort((a, b) => b.words.length - a.words.length);
      this.phrases.set(parts[0]!, list);
      return;
    }
    this.words.set(parts[0]!, valence);
    // VADER matches words as written; our additions and the finance words also by stem ("tanking", "downgraded")
    if (stems) this.stems.set(PorterStemmer.stem(parts[0]!), valence);
  }

  private valenceOf(token: Token): Valence | undefined {
    if (token.kind === 'emoji') return this.words.get(token.word) ?? this.words.get(token.word.replace(/\ufe0f/g, ''));
    if (token.kind === 'emoticon') return this.words.get(token.word) ?? this.words.get(token.word.toLowerCase());
    if (token.kind !== 'word') return undefined;
    return this.words.get(token.word) ?? this.stems.get(token.stem);
  }

  private phraseAt(tokens: readonly Token[], i: number): { readonly words: readonly string[]; readonly valence: Valence } | undefined {
    const list = this.phrases.get(tokens[i]!.word);
    if (!list) return undefined;
    return list.find((p) => p.words.every((w, k) => tokens[i + k]?.word === w));
  }
}

/**
 * The plain AFINN analyser of natural (no finance words, natural's own crude
 * negation), kept as the baseline the trained model is measured against.
 */
export class PlainAfinnBaseline {
  private readonly analyzer = new SentimentAnalyzer('English', PorterStemmer, 'afinn');
  private readonly tokenizer = new WordTokenizer();

  /** natural's documented usage: word tokens in, mean valence per word out */
  score(text: string): number {
    const words = this.tokenizer.tokenize(text);
    return words.length === 0 ? 0 : this.analyzer.getSentiment(words);
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
