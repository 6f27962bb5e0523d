/**
 * Types for the parts of `natural` imported directly. The package root
 * (`require('natural')`) is avoided on purpose: it loads .env files and prints
 * banners; its parts load nothing but their own data.
 */
declare module 'natural/lib/natural/stemmers/porter_stemmer' {
  const PorterStemmer: { stem(token: string): string };
  export = PorterStemmer;
}

declare module 'natural/lib/natural/tokenizers/regexp_tokenizer' {
  export class WordPunctTokenizer {
    tokenize(text: string): string[];
  }
  export class WordTokenizer {
    tokenize(text: string): string[];
  }
}

declare module 'natural/lib/natural/sentiment/SentimentAnalyzer' {
  class SentimentAnalyzer {
    constructor(language: string, stemmer: { stem(token: string): string } | null, type: 'afinn' | 'senticon' | 'pattern');
    /** AFINN word → valence (−5..5), lower-case */
    readonly vocabulary: Record<string, number>;
    readonly negations: string[];
    getSentiment(words: string[]): number;
  }
  export = SentimentAnalyzer;
}

declare module 'natural/lib/natural/classifiers/bayes_classifier' {
  interface ApparatusBayes {
    classFeatures: Record<string, Record<string, number>>;
    classTotals: Record<string, number>;
    totalExamples: number;
    smoothing: number;
    getClassifications(observation: number[] | Record<string, number>): Array<{ label: string; value: number }>;
  }
  class BayesClassifier {
    constructor(stemmer?: unknown, smoothing?: number);
    docs: Array<{ label: string; text: string[] }>;
    features: Record<string, number>;
    classifier: ApparatusBayes;
    addDocument(tokens: string[] | string, label: string): void;
    train(): void;
    classify(tokens: string[] | string): string;
    getClassifications(tokens: string[] | string): Array<{ label: string; value: number }>;
    static restore(raw: unknown, stemmer?: unknown): BayesClassifier;
  }
  export = BayesClassifier;
}
