import { delayLexicon } from './delay-lexicon';

describe('DelayLexicon', () => {
  const lex = delayLexicon();

  it('finds report phrases in Japanese and English', () => {
    expect(lex.scan('山手線 運転見合わせ').suspension).toEqual(['運転見合わせ']);
    expect(lex.scan('中央線止まってる').suspension).toEqual(['止まってる']);
    expect(lex.scan('京浜東北線 遅延').delay).toEqual(['遅延']);
    expect(lex.scan('Signal failure on the Chuo line').delay).toEqual(['signal failure']);
    expect(lex.scan('Yamanote line SUSPENDED').suspension).toEqual(['suspended']);
  });

  it('masks negations first: hard negatives carry no report phrase', () => {
    for (const text of ['遅延証明書の取り方', '山手線は平常運転', '遅れてない', '止まってないよ', 'not delayed today', 'How do I get a delay certificate?', 'no delays at all']) {
      const hits = lex.scan(text);
      expect({ text, reports: [...hits.delay, ...hits.suspension] }).toEqual({ text, reports: [] });
      expect(hits.negation.length).toBeGreaterThan(0);
    }
  });

  it('matches English on word boundaries', () => {
    expect(lex.scan('chocolate').delay).toEqual([]);
    expect(lex.scan('running late').delay).toEqual(['running late']);
  });
});
