import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';
import { FNV_OFFSET, fnvMix } from '@tsunagu/text-features';
import negationData from './data/negations.json';

/**
 * A word (or a placeholder, emoji, emoticon, punctuation mark) seen before, with
 * its stem: each distinct word is stemmed once, and every scorer looks its own
 * facts about it (valence, feature hashes, name or not) up by `id` in an array
 * instead of in a Map of strings per token (see LexemeTable).
 */
export interface Lexeme {
  /** dense from 0; -1 when the table was full (the word is then read without the scorers' caches) */
  readonly id: number;
  readonly word: string;
  readonly stem: string;
  /** a negation word ("not", "never"): opens a negation scope */
  readonly negation: boolean;
}

const NEGATIONS: ReadonlySet<string> = new Set(negationData.words);
/** how many words a negation flips (or up to the next punctuation) */
export const NEGATION_SCOPE = negationData.scope;

export function isNegation(word: string): boolean {
  return NEGATIONS.has(word);
}

/** distinct words and symbols remembered: the same few thousand come back all day, and a stream of typos cannot grow it without bound */
const MAX_LEXEMES = 200_000;
let lexemes = 0;

/**
 * Word lexemes by the FNV-1a hash of the word, open addressing: the tokeniser
 * hashes a word's characters where they stand in the tweet and finds its lexeme
 * without cutting the word out as a string first (a Map would need the string).
 */
class WordTable {
  private keys = new Uint32Array(4096);
  /** index into `entries` + 1; 0 = empty */
  private slots = new Int32Array(4096);
  private readonly entries: Lexeme[] = [];

  /** the lexeme of `text[from, from + length)`, whose hash is `hash` (`folded`: ASCII read in lower case) */
  find(hash: number, text: string, from: number, length: number, folded: boolean): Lexeme | undefined {
    const mask = this.keys.length - 1;
    for (let s = hash & mask; this.slots[s] !== 0; s = (s + 1) & mask) {
      if (this.keys[s] !== hash) continue;
      const lex = this.entries[this.slots[s]! - 1]!;
      if (lex.word.length === length && (folded ? sameFoldedAt(lex.word, text, from) : sameAt(lex.word, text, from))) return lex;
    }
    return undefined;
  }

  add(hash: number, lex: Lexeme): void {
    if ((this.entries.length + 1) * 2 > this.keys.length) this.grow();
    this.entries.push(lex);
    this.place(hash, this.entries.length);
  }

  private place(hash: number, slot: number): void {
    const mask = this.keys.length - 1;
    let s = hash & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.keys[s] = hash;
    this.slots[s] = slot;
  }

  private grow(): void {
    const { keys, slots } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.slots = new Int32Array(keys.length * 2);
    for (let s = 0; s < keys.length; s++) if (slots[s] !== 0) this.place(keys[s]!, slots[s]!);
  }
}

/** `word` is written in `text` at `from` */
function sameAt(word: string, text: string, from: number): boolean {
  for (let k = 0; k < word.length; k++) if (word.charCodeAt(k) !== text.charCodeAt(from + k)) return false;
  return true;
}

/** `word` is written in the ASCII `text` at `from`, in lower case or with capitals */
function sameFoldedAt(word: string, text: string, from: number): boolean {
  for (let k = 0; k < word.length; k++) {
    const c = text.charCodeAt(from + k);
    if (word.charCodeAt(k) !== (c >= 65 && c <= 90 ? c + 32 : c)) return false;
  }
  return true;
}

const words = new WordTable();
/** placeholders, emoji, emoticons, punctuation: never stemmed (their own table, so "xd" the word and "xD" the emoticon stay apart) */
const symbols = new Map<string, Lexeme>();

function newLexeme(word: string, stem: string, negation: boolean): Lexeme {
  return { id: lexemes < MAX_LEXEMES ? lexemes++ : -1, word, stem, negation };
}

function newWord(word: string, hash: number): Lexeme {
  const negation = NEGATIONS.has(word);
  const lex = newLexeme(word, negation ? word : PorterStemmer.stem(word), negation);
  if (lex.id >= 0) words.add(hash, lex);
  return lex;
}

/**
 * The lexeme of the lower-case word written in `text[from, from + length)`, whose
 * FNV-1a hash the caller computed while reading it: the word is cut out as a
 * string only the first time it is seen.
 */
export function wordLexemeAt(hash: number, text: string, from: number, length: number): Lexeme {
  return words.find(hash, text, from, length, false) ?? newWord(text.slice(from, from + length), hash);
}

/**
 * The same for a word written in ASCII, capitals and all, in `text[from, from +
 * length)`; `hash` is the hash of its lower-case form (an ASCII tweet is not
 * lower-cased as a whole first).
 */
export function asciiWordLexemeAt(hash: number, text: string, from: number, length: number): Lexeme {
  return words.find(hash, text, from, length, true) ?? newWord(text.slice(from, from + length).toLowerCase(), hash);
}

/** The lexeme of a lower-case word: its Porter stem (natural), a negation word as it is. */
export function wordLexeme(word: string): Lexeme {
  const hash = fnvMix(FNV_OFFSET, word);
  return words.find(hash, word, 0, word.length, false) ?? newWord(word, hash);
}

/** The lexeme of a placeholder, emoji, emoticon or punctuation mark (its own stem). */
export function symbolLexeme(symbol: string): Lexeme {
  let lex = symbols.get(symbol);
  if (lex === undefined) {
    lex = newLexeme(symbol, symbol, false);
    if (lex.id >= 0) symbols.set(symbol, lex);
  }
  return lex;
}

/** Porter stems, remembered: the same few thousand words come back all day. */
export function stemOf(word: string): string {
  return wordLexeme(word).stem;
}

/**
 * Facts about lexemes computed once each and kept by lexeme id: an array read,
 * not a Map of strings, per token. `compute` must be a pure function of the
 * lexeme (and of data its owner never changes).
 */
export class LexemeTable<T> {
  private readonly values: Array<T | undefined> = [];

  constructor(private readonly compute: (lex: Lexeme) => T) {}

  get(lex: Lexeme): T {
    const id = lex.id;
    if (id < 0) return this.compute(lex);
    const values = this.values;
    if (id < values.length) {
      const v = values[id];
      if (v !== undefined) return v;
    } else {
      while (values.length <= id) values.push(undefined);
    }
    const v = this.compute(lex);
    values[id] = v;
    return v;
  }
}

/**
 * Numbers about lexemes, `width` of them per lexeme side by side in one
 * Uint32Array by id: one read per token, where a LexemeTable of objects costs the
 * array, the object and (for numbers past 2³⁰, hashes) a boxed number each.
 * `compute` (a pure function of the lexeme) writes a lexeme's numbers the first
 * time it is asked for; a lexeme without an id (table full) is computed each time.
 */
export class LexemeRecords {
  /** record of lexeme id `i` at (i + 1) × width; record 0 is for lexemes without an id */
  data: Uint32Array;
  private known: Uint8Array;

  constructor(
    private readonly width: number,
    private readonly compute: (lex: Lexeme, out: Uint32Array, at: number) => void,
  ) {
    this.data = new Uint32Array(1024 * width);
    this.known = new Uint8Array(1024);
  }

  /** where the lexeme's numbers start in `data` (read `data` after this call: it may have grown) */
  at(lex: Lexeme): number {
    const slot = lex.id + 1;
    if (slot < this.known.length && this.known[slot] === 1) return slot * this.width;
    if (slot >= this.known.length) this.grow(slot);
    const at = slot * this.width;
    this.compute(lex, this.data, at);
    if (slot > 0) this.known[slot] = 1;
    return at;
  }

  private grow(slot: number): void {
    let size = this.known.length;
    while (size <= slot) size *= 2;
    const data = new Uint32Array(size * this.width);
    data.set(this.data);
    const known = new Uint8Array(size);
    known.set(this.known);
    this.data = data;
    this.known = known;
  }
}
