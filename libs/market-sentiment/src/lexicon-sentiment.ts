import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';
import SentimentAnalyzer from 'natural/lib/natural/sentiment/SentimentAnalyzer';
import { WordTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer';
import financeLexicon from './data/finance-lexicon.json';
import intensifierData from './data/intensifiers.json';
import { tokenise, type Token } from './text-normaliser';

/** One word that moved the score, with its signed contribution (AFINN units). */
export interface SentimentEvidence {
  readonly word: string;
  readonly weight: number;
  readonly source: 'afinn' | 'finance-lexicon' | 'model';
  readonly negated?: boolean;
  readonly intensifier?: string;
}

export interface LexiconScore {
  /** −1..1: tanh of the summed valence over 4 (so a single "good" (+3) gives ≈ 0.64) */
  readonly score: number;
  /** summed valence, AFINN units */
  readonly total: number;
  readonly evidence: readonly SentimentEvidence[];
}

/** VADER's negation factor: "not good" is weaker than "bad", but negative. */
const NEGATION_FACTOR = -0.74;
/** how many tokens ahead an intensifier reaches ("very, very good", "really not that good") */
const INTENSIFIER_REACH = 2;
/** sum of valences at which the score reaches tanh(1) ≈ 0.76 */
const SCORE_SCALE = 4;

const INTENSIFIERS: ReadonlyMap<string, number> = new Map(Object.entries(intensifierData.words));

interface Valence {
  readonly value: number;
  readonly source: 'afinn' | 'finance-lexicon';
}

/**
 * Lexicon sentiment: natural's English AFINN vocabulary with finance overrides,
 * a negation scope and intensifiers, keeping the words that drove the score.
 */
export class LexiconSentiment {
  private readonly words = new Map<string, Valence>();
  private readonly stems = new Map<string, Valence>();

  constructor() {
    const afinn = new SentimentAnalyzer('English', null, 'afinn').vocabulary;
    for (const [word, value] of Object.entries(afinn)) {
      if (word.includes(' ')) continue;
      this.words.set(word, { value, source: 'afinn' });
      if (!this.stems.has(PorterStemmer.stem(word))) this.stems.set(PorterStemmer.stem(word), { value, source: 'afinn' });
    }
    // finance valences win over AFINN ("cut", "beat", "bull" mean something else in markets)
    for (const [word, value] of Object.entries(financeLexicon.words)) {
      this.words.set(word, { value, source: 'finance-lexicon' });
      this.stems.set(PorterStemmer.stem(word), { value, source: 'finance-lexicon' });
    }
  }

  score(text: string): LexiconScore {
    return this.scoreTokens(tokenise(text));
  }

  scoreTokens(tokens: readonly Token[]): LexiconScore {
    const evidence: SentimentEvidence[] = [];
    let total = 0;
    let boost: { word: string; factor: number; reach: number } | null = null;
    for (const token of tokens) {
      const factor = INTENSIFIERS.get(token.word);
      if (factor !== undefined) {
        boost = { word: token.word, factor, reach: INTENSIFIER_REACH };
        continue;
      }
      const valence = this.words.get(token.word) ?? this.stems.get(token.stem);
      if (valence) {
        let weight = valence.value;
        if (boost) weight *= boost.factor;
        if (token.negated) weight *= NEGATION_FACTOR;
        total += weight;
        evidence.push({
          word: token.word,
          weight: round(weight),
          source: valence.source,
          ...(token.negated ? { negated: true } : {}),
          ...(boost ? { intensifier: boost.word } : {}),
        });
        boost = null;
      } else if (boost && --boost.reach <= 0) {
        boost = null;
      }
    }
    return { score: round(Math.tanh(total / SCORE_SCALE)), total: round(total), evidence };
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
