import { fnvStep, hashFeature } from '@tsunagu/text-features';
import { PorterStemmer } from './natural-parts';

/**
 * Classifier features of one part of a post, without a tokenizer: character
 * bigrams and trigrams of its Japanese text (TinySegmenter was the slowest
 * part of the pipeline, and n-grams of a few characters carry the verb endings
 * that matter: 遅れ|てる vs て|ない), Porter-stemmed English words and their
 * bigrams, and the lexicon cues of the part (c:question, c:resumed…). Line and
 * station names are left out (the n-grams never span them), so the model learns
 * what is said, not where.
 *
 * Features are strings when training (natural's classifier keeps them) and
 * 32-bit FNV-1a hashes of the same strings at run time, computed on the fly
 * from the characters: no string is built per n-gram.
 */
export interface FeatureSink {
  /** the `n` characters of `text` at `i`, as feature `<kind>:<chars>` */
  chars(kind: 'b' | 't', text: string, i: number, n: number): void;
  /** `w:<word>` or `w:<a>|<b>` */
  word(word: string): void;
  cue(name: string): void;
}

export { hashFeature };

const PREFIX_B = hashFeature('b:');
const PREFIX_T = hashFeature('t:');

export class StringSink implements FeatureSink {
  readonly out: string[] = [];
  chars(kind: 'b' | 't', text: string, i: number, n: number): void {
    this.out.push(`${kind}:${text.slice(i, i + n)}`);
  }
  word(word: string): void {
    this.out.push(`w:${word}`);
  }
  cue(name: string): void {
    this.out.push(`c:${name}`);
  }
}

export class HashSink implements FeatureSink {
  readonly out: number[] = [];
  chars(kind: 'b' | 't', text: string, i: number, n: number): void {
    let h = kind === 'b' ? PREFIX_B : PREFIX_T;
    for (let k = 0; k < n; k++) h = fnvStep(h, text.charCodeAt(i + k));
    this.out.push(h);
  }
  word(word: string): void {
    this.out.push(hashFeature(`w:${word}`));
  }
  cue(name: string): void {
    this.out.push(hashFeature(`c:${name}`));
  }
}

/** Japanese script (kana, kanji, the long-vowel mark) and the full-width punctuation that ends Japanese phrases. */
function isJa(code: number): boolean {
  return (code >= 0x3040 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x9fff) || code === 0xff1f || code === 0xff01 || code === 0x3001 || code === 0x3002;
}

function isLatinWord(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 39;
}

const NEGATORS = new Set(['not', 'no', 'never', 'nothing', 'without']);
const stems = new Map<string, string>();
/** Porter stems, remembered: the same few thousand words come back all day. */
function stem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    s = /^\d+$/.test(word) ? '<num>' : PorterStemmer.stem(word);
    if (stems.size < 100_000) stems.set(word, s);
  }
  return s;
}

/**
 * Emits the features of norm[from, to) into the sink. `masks` are the spans of
 * line and station names (sorted, non-overlapping): no feature crosses them.
 */
export function scopeFeatures(norm: string, from: number, to: number, masks: ReadonlyArray<{ readonly start: number; readonly end: number }>, cues: readonly string[], sink: FeatureSink): void {
  let m = 0;
  let runStart = -1;
  let wordStart = -1;
  let prevWord: string | null = null;
  let negation = 0;
  const flushRun = (end: number) => {
    if (runStart < 0) return;
    for (let i = runStart; i + 1 < end; i++) sink.chars('b', norm, i, 2);
    for (let i = runStart; i + 2 < end; i++) sink.chars('t', norm, i, 3);
    runStart = -1;
  };
  const flushWord = (end: number) => {
    if (wordStart < 0) return;
    const raw = norm.slice(wordStart, end).replace(/'/g, '');
    wordStart = -1;
    if (raw.length === 0) return;
    const s = stem(raw);
    const w = negation > 0 && !NEGATORS.has(raw) ? `not_${s}` : s;
    sink.word(w);
    if (prevWord !== null) sink.word(`${prevWord}|${w}`);
    prevWord = w;
    negation = NEGATORS.has(raw) ? 2 : Math.max(0, negation - 1);
  };
  for (let i = from; i < to; i++) {
    while (m < masks.length && masks[m]!.end <= i) m++;
    const masked = m < masks.length && masks[m]!.start <= i;
    const code = norm.charCodeAt(i);
    if (masked) {
      flushRun(i);
      flushWord(i);
      prevWord = null;
      continue;
    }
    if (isJa(code) || (runStart >= 0 && (code === 63 || code === 33))) {
      // NFKC turns ？ and ！ into ASCII: inside Japanese they still end a phrase (遅れてる?)
      flushWord(i);
      if (runStart < 0) runStart = i;
    } else if (isLatinWord(code)) {
      flushRun(i);
      if (wordStart < 0) wordStart = i;
    } else {
      flushRun(i);
      flushWord(i);
      if (code === 46 || code === 44 || code === 33 || code === 63) {
        prevWord = null;
        negation = 0;
      }
    }
  }
  flushRun(to);
  flushWord(to);
  for (const c of cues) sink.cue(c);
}
