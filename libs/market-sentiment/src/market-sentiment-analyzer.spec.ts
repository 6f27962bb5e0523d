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
    expect(analysis.sentiment.model).toBe('finance-bayes-v1');
  });

  it('is bearish on finance-specific bad news that general lexicons miss', () => {
    expect(analyzer.sentiment('$XYZ price target cut at Citi').score).toBeLessThan(-0.3);
  });
});
