import { createRequire } from 'node:module';

/**
 * The parts of `natural` this library uses, loaded directly by path. The package
 * root (`require('natural')`) is avoided on purpose: it reads .env files and prints
 * banners, and drags in every corpus; each part below loads only its own data.
 * Loaded through createRequire so the types stay local to this library.
 */
const load = createRequire(__filename);

export interface NaturalTokenizer {
  tokenize(text: string): string[];
}

export interface NaturalStemmer {
  stem(token: string): string;
}

/** apparatus' Bayes model inside natural's BayesClassifier (counts, smoothed). */
export interface ApparatusBayesModel {
  classFeatures: Record<string, Record<string, number>>;
  classTotals: Record<string, number>;
  totalExamples: number;
  smoothing: number;
}

export interface NaturalBayesClassifier {
  docs: Array<{ label: string; text: string[] }>;
  /** feature → document frequency; its key order defines the feature indices */
  features: Record<string, number>;
  classifier: ApparatusBayesModel;
  addDocument(tokens: string[], label: string): void;
  train(): void;
  classify(tokens: string[]): string;
}

interface BayesClassifierStatic {
  new (stemmer?: unknown, smoothing?: number): NaturalBayesClassifier;
  restore(raw: unknown, stemmer?: unknown): NaturalBayesClassifier;
}

/** TinySegmenter port: segments Japanese text without a dictionary. */
export const TokenizerJa = load('natural/lib/natural/tokenizers/tokenizer_ja') as new () => NaturalTokenizer;
export const WordTokenizer = (load('natural/lib/natural/tokenizers/regexp_tokenizer') as { WordTokenizer: new () => NaturalTokenizer })
  .WordTokenizer;
export const PorterStemmer = load('natural/lib/natural/stemmers/porter_stemmer') as NaturalStemmer;
export const BayesClassifier = load('natural/lib/natural/classifiers/bayes_classifier') as BayesClassifierStatic;
