import { delayLexicon } from './delay-lexicon';

describe('DelayLexicon', () => {
  const lex = delayLexicon();

  it('finds report phrases in Japanese and English', () => {
    expect(lex.scan('山手線 運転見合わせ').suspension).toEqual(['運転見合わせ']);
    expect(lex.scan('中央線止まってる').suspension).toEqual(['止まってる']);
    expect(lex.scan('京浜東北線 遅延').delay).toEqual(['遅延']);
    expect(lex.scan('Signal failure on the Chuo line').delay).toEqual(['signal failure']);
    expect(lex.scan('Yamanote line SUSPENDED').suspension).toEqual(['suspended']);
    expect(lex.scan('Keio line trains stopped').suspension).toEqual(['trains stopped']);
  });

  it('lets the longer counter-phrase win: hard negatives carry no report phrase', () => {
    for (const text of ['遅延証明書の取り方', '山手線は平常運転', '遅れてない', '止まってないよ', '電車に乗り遅れた', 'not delayed today', 'How do I get a delay certificate?', 'no delays at all', 'missed the train']) {
      const hits = lex.scan(text);
      expect({ text, reports: [...hits.delay, ...hits.suspension] }).toEqual({ text, reports: [] });
      expect(hits.negation.length).toBeGreaterThan(0);
    }
  });

  it('matches English on word boundaries', () => {
    expect(lex.scan('chocolate').delay).toEqual([]);
    expect(lex.hitsNormalised('running late').map((h) => h.value)).toEqual(['weak']);
  });
});
