import { MarketSentimentAnalyzer } from './market-sentiment-analyzer';

describe('MarketSentimentAnalyzer', () => {
  const analyzer = new MarketSentimentAnalyzer();

  it('scores "not good" below "good"', () => {
    expect(analyzer.sentiment('not good').score).toBeLessThan(analyzer.sentiment('good').score);
    expect(analyzer.sentiment('$XYZ is not a good buy').score).toBeLessThan(analyzer.sentiment('$XYZ is a good buy').score);
  });

  it('returns tickers, a blended score, the model label and the words that drove it', () => {
    const analysis = analyzer.analyse('$XYZ beats estimates and raises guidance');
    expect(analysis.tickers.map((t) => t.ticker)).toEqual(['XYZ']);
    expect(analysis.sentiment.label).toBe('bullish');
    expect(analysis.sentiment.score).toBeGreaterThan(0.5);
    expect(analysis.sentiment.evidence.map((e) => e.word)).toEqual(expect.arrayContaining(['beats', 'raises']));
    expect(analysis.sentiment.model).toBe('finance-softmax-v2');
  });

  it('does not let its neutral prior overrule clear everyday language', () => {
    for (const [text, label] of [
      ['I love it, best purchase this year!', 'bullish'],
      ['I hate this so much :(', 'bearish'],
      ['$TSLA to the moon 🚀🚀🚀', 'bullish'],
      ['ugh my $AAPL bags are killing me 😭', 'bearish'],
    ] as const) {
      expect({ text, label: analyzer.sentiment(text).label }).toEqual({ text, label });
    }
  });

  it('reads everyday posts without "I" or emoji by their clear words', () => {
    for (const [text, label] of [
      ['The weather is horrible, worst week ever', 'bearish'],
      ['What a beautiful wedding, so much joy', 'bullish'],
    ] as const) {
      expect({ text, label: analyzer.sentiment(text).label }).toEqual({ text, label });
    }
  });

  it('keeps news headlines to the model: a question headline with "best" stays neutral', () => {
    expect(analyzer.sentiment('Is Aphria the Best Large-Cap Cannabis Stock Right Now?').label).toBe('neutral');
  });

  it('is bearish on finance-specific bad news that general lexicons miss', () => {
    expect(analyzer.sentiment('$XYZ price target cut at Citi').score).toBeLessThan(-0.3);
  });
});
