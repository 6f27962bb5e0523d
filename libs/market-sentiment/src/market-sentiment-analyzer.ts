import { readFileSync } from 'node:fs';
import { FinanceSentimentModel, type FinanceDecision, type FinanceModelFile, type ModelPrediction, type SentimentLabel } from './finance-model';
import { LexiconSentiment, type SentimentEvidence } from './lexicon-sentiment';
import { isEverydayLanguage } from './register';
import { tokenise } from './text-normaliser';
import { TickerExtractor, type TickerMention } from './ticker-extractor';
import { FINANCE_MODEL_PATH } from './training/training-paths';

export interface TweetSentiment {
  /** −1 (bearish) .. 1 (bullish) */
  readonly score: number;
  /** the label: the trained model's, unless the lexicon's evidence is clear and the model's is not (see `decide`) */
  readonly label: SentimentLabel;
  /** the model's posterior of its label, 0..1 (the lexicon's |score| where the lexicon decided) */
  readonly confidence: number;
  /** who decided the label */
  readonly decidedBy?: 'model' | 'lexicon';
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

export function loadFinanceModel(path = FINANCE_MODEL_PATH, lexicon?: LexiconSentiment): FinanceSentimentModel {
  return new FinanceSentimentModel(JSON.parse(readFileSync(path, 'utf8')) as FinanceModelFile, lexicon);
}

/**
 * The label of a tweet from the model's prediction and the lexicon's score. The
 * model may not overrule clear lexical evidence with its prior: where the lexicon
 * is clear (|score| ≥ clearLexicon: "love it", "hate this", 🚀🚀) a neutral model
 * gives way, and an opposite model only stands when it is confident (a finance
 * phrase the lexicon misreads: "cuts losses", "short squeeze"). The rule is for
 * everyday language (`everyday`, see register.ts isEverydayLanguage): in news the
 * words are the model's to weigh ("Is X the best stock to buy?" is neutral news,
 * not a fan). A neutral label also stands where the tweet's own features favour
 * it by `priorMargin`.
 */
export function decide(prediction: ModelPrediction, lexiconScore: number, decision: FinanceDecision, everyday = true): { label: SentimentLabel; by: 'model' | 'lexicon' } {
  if (!everyday || Math.abs(lexiconScore) < decision.clearLexicon) return { label: prediction.label, by: 'model' };
  const lexical: SentimentLabel = lexiconScore > 0 ? 'bullish' : 'bearish';
  if (prediction.label === lexical) return { label: lexical, by: 'model' };
  // a neutral label the tweet's own features hardly favour is the prior's
  if (prediction.label === 'neutral' && prediction.featureMargin >= decision.priorMargin) return { label: prediction.label, by: 'model' };
  if (prediction.label !== 'neutral' && prediction.probabilities[prediction.label] >= decision.overruleConfidence) return { label: prediction.label, by: 'model' };
  return { label: lexical, by: 'lexicon' };
}

/** Tickers and sentiment of one English tweet. */
export class MarketSentimentAnalyzer {
  constructor(
    private readonly model: FinanceSentimentModel = loadFinanceModel(),
    private readonly lexicon = new LexiconSentiment(),
    private readonly tickers = new TickerExtractor(),
  ) {}

  get decision(): FinanceDecision {
    return this.model.file.decision;
  }

  get modelName(): string {
    return this.model.name;
  }

  analyse(text: string): TweetAnalysis {
    return { tickers: this.tickers.extract(text), sentiment: this.sentiment(text) };
  }

  sentiment(text: string): TweetSentiment {
    const tokens = tokenise(text);
    const lexicon = this.lexicon.scoreTokens(tokens);
    const prediction = this.model.predictTokens(tokens, lexicon);
    const modelScore = prediction.probabilities.bullish - prediction.probabilities.bearish;
    const decision = this.model.file.decision;
    // the register is only read where the lexicon is clear (decide asks for it only then)
    const everyday = Math.abs(lexicon.score) >= decision.clearLexicon && isEverydayLanguage(tokens, lexicon, decision.evaluativeWeight);
    const { label, by } = decide(prediction, lexicon.score, decision, everyday);
    let score = clamp(MODEL_WEIGHT * modelScore + (1 - MODEL_WEIGHT) * lexicon.score);
    // the score agrees in sign with the label the lexicon decided
    if (by === 'lexicon' && Math.sign(score) !== Math.sign(lexicon.score)) score = (1 - MODEL_WEIGHT) * lexicon.score;
    return {
      score: round(score),
      label,
      decidedBy: by,
      confidence: round(by === 'model' ? prediction.probabilities[label] : Math.abs(lexicon.score)),
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
