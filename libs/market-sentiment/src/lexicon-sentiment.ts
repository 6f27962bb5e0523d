import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';
import SentimentAnalyzer from 'natural/lib/natural/sentiment/SentimentAnalyzer';
import { WordTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer';
import everydayData from './data/everyday-lexicon.json';
import financeLexicon from './data/finance-lexicon.json';
import intensifierData from './data/intensifiers.json';
import vaderData from './data/vader-lexicon.json';
import { LexemeTable, type Lexeme } from './lexeme';
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

interface Phrase {
  readonly words: readonly string[];
  readonly valence: Valence;
}

/** What the lexicon knows about one lexeme, looked up once per distinct word (by kind: a lexeme's kind never changes) */
interface LexemeFacts {
  /** a word token "but" */
  readonly but: boolean;
  /** an intensifier's factor ("very"), NaN for none */
  readonly intensifier: number;
  /** phrases starting with this word, longest first */
  readonly phrases: readonly Phrase[] | null;
  /** the valence of the token alone */
  readonly valence: Valence | null;
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
  private readonly phrases = new Map<string, Phrase[]>();
  /** per kind of token (a word, an emoji and an emoticon are looked up differently) */
  private readonly facts = {
    word: new LexemeTable<LexemeFacts>((lex) => this.factsOf(lex, 'word')),
    emoji: new LexemeTable<LexemeFacts>((lex) => this.factsOf(lex, 'emoji')),
    emoticon: new LexemeTable<LexemeFacts>((lex) => this.factsOf(lex, 'emoticon')),
    other: new LexemeTable<LexemeFacts>((lex) => this.factsOf(lex, 'other')),
  };

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
      const kind = token.kind;
      if (kind === 'punct') {
        if (token.word === '!') exclamations++;
        continue;
      }
      const facts = (kind === 'word' ? this.facts.word : kind === 'emoji' ? this.facts.emoji : kind === 'emoticon' ? this.facts.emoticon : this.facts.other).get(token.lex);
      if (facts.but) {
        butAt = weights.length;
        continue;
      }
      if (facts.intensifier === facts.intensifier) {
        boost = { word: token.word, factor: facts.intensifier, reach: INTENSIFIER_REACH };
        continue;
      }
      const phrase = facts.phrases === null ? undefined : phraseAt(facts.phrases, tokens, i);
      const valence = phrase?.valence ?? facts.valence;
      if (!valence || valence.value === 0) {
        if (boost && --boost.reach <= 0) boost = null;
        continue;
      }
      let weight = valence.value;
      if (boost) weight *= boost.factor;
      if (capsMean && token.caps === 'upper') weight += Math.sign(weight) * CAPS_BOOST;
      if (token.negated) weight *= NEGATION_FACTOR;
      weights.push(weight);
      evidence.push(evidenceOf(phrase ? phrase.words.join(' ') : token.word, round(weight), valence.source, token.negated, boost?.word));
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

  private factsOf(lex: Lexeme, kind: 'word' | 'emoji' | 'emoticon' | 'other'): LexemeFacts {
    const factor = kind === 'word' ? INTENSIFIERS.get(lex.word) : undefined;
    return {
      but: kind === 'word' && lex.word === 'but',
      intensifier: factor === undefined ? NaN : factor,
      phrases: this.phrases.get(lex.word) ?? null,
      valence: this.valenceOf(lex, kind) ?? null,
    };
  }

  private valenceOf(lex: Lexeme, kind: 'word' | 'emoji' | 'emoticon' | 'other'): Valence | undefined {
    if (kind === 'emoji') return this.words.get(lex.word) ?? this.words.get(lex.word.replace(/\ufe0f/g, ''));
    if (kind === 'emoticon') return this.words.get(lex.word) ?? this.words.get(lex.word.toLowerCase());
    if (kind !== 'word') return undefined;
    return this.words.get(lex.word) ?? this.stems.get(lex.stem);
  }
}

function phraseAt(list: readonly Phrase[], tokens: readonly Token[], i: number): Phrase | undefined {
  return list.find((p) => p.words.every((w, k) => tokens[i + k]?.word === w));
}

/** One word's evidence, its keys in the order they were always written (negated, intensifier only when they apply) */
function evidenceOf(word: string, weight: number, source: SentimentEvidence['source'], negated: boolean, intensifier: string | undefined): SentimentEvidence {
  if (negated) return intensifier === undefined ? { word, weight, source, negated: true } : { word, weight, source, negated: true, intensifier };
  return intensifier === undefined ? { word, weight, source } : { word, weight, source, intensifier };
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
