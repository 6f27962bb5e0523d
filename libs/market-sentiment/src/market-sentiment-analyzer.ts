import { readFileSync } from 'node:fs';
import { FinanceSentimentModel, type FinanceModelFile, type SentimentLabel } from './finance-model';
import { LexiconSentiment, type SentimentEvidence } from './lexicon-sentiment';
import { tokenise } from './text-normaliser';
import { TickerExtractor, type TickerMention } from './ticker-extractor';
import { FINANCE_MODEL_PATH } from './training/training-paths';

export interface TweetSentiment {
  /** −1 (bearish) .. 1 (bullish) */
  readonly score: number;
  /** the trained model's label */
  readonly label: SentimentLabel;
  /** the model's posterior of its label, 0..1 */
  readonly confidence: number;
  readonly modelScore: number;
  readonly lexiconScore: number;
  /** the words that drove the score: lexicon hits (with negation and intensifiers) and the model's strongest features */
  readonly evidence: readonly SentimentEvidence[];
  readonly model: string;
}

export interface TweetAnalysis {
  readonly tickers: readonly TickerMention[];
  readonly sentiment: TweetSentiment;
}

/**
 * Weight of the trained model in the blended score; the rest is the lexicon's.
 * The model is far better on finance tweets (see models/finance-sentiment.metrics.json),
 * the lexicon adds negation and intensity the bag of words only partly sees.
 */
export const MODEL_WEIGHT = 0.7;

export function loadFinanceModel(path = FINANCE_MODEL_PATH): FinanceSentimentModel {
  return new FinanceSentimentModel(JSON.parse(readFileSync(path, 'utf8')) as FinanceModelFile);
}

/** Tickers and sentiment of one English tweet. */
export class MarketSentimentAnalyzer {
  constructor(
    private readonly model: FinanceSentimentModel = loadFinanceModel(),
    private readonly lexicon = new LexiconSentiment(),
    private readonly tickers = new TickerExtractor(),
  ) {}

  get modelName(): string {
    return this.model.name;
  }

  analyse(text: string): TweetAnalysis {
    return { tickers: this.tickers.extract(text), sentiment: this.sentiment(text) };
  }

  sentiment(text: string): TweetSentiment {
    const tokens = tokenise(text);
    const prediction = this.model.predictTokens(tokens);
    const lexicon = this.lexicon.scoreTokens(tokens);
    const modelScore = prediction.probabilities.bullish - prediction.probabilities.bearish;
    const score = clamp(MODEL_WEIGHT * modelScore + (1 - MODEL_WEIGHT) * lexicon.score);
    return {
      score: round(score),
      label: prediction.label,
      confidence: round(prediction.probabilities[prediction.label]),
      modelScore: round(modelScore),
      lexiconScore: lexicon.score,
      evidence: [...lexicon.evidence, ...prediction.evidence],
      model: this.model.name,
    };
  }
}

function clamp(x: number): number {
  return Math.max(-1, Math.min(1, x));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
