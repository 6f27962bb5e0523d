import { TweetAnalyser } from './tweet-analyser';

describe('TweetAnalyser', () => {
  const analyser = new TweetAnalyser();
  const at = Date.UTC(2026, 10, 29, 7, 0, 0);
  const analyse = (text: string) => analyser.analyse({ id: 't1', author: 'a', text, createdAt: at });

  it('turns a delay tweet into a report per line it names, with that line’s stations', () => {
    const { reports } = analyse('人身事故で山手線も中央線も止まってる、新宿と渋谷がやばい');
    expect(reports.map((r) => [r.lineId, r.kind, r.stationIds])).toEqual([
      ['jr-yamanote', 'suspension', ['shinjuku', 'shibuya']],
      ['jr-chuo-rapid', 'suspension', ['shinjuku']],
    ]);
    expect(reports[0]).toMatchObject({ tweetId: 't1', author: 'a', ts: at });
  });

  it('reports nothing for chatter, hard negatives, or a report that names no line', () => {
    expect(analyse('新宿でラーメン食べた').reports).toEqual([]);
    expect(analyse('山手線の遅延証明書の取り方').reports).toEqual([]);
    expect(analyse('Yamanote line is not delayed today').reports).toEqual([]);
    expect(analyse('電車止まってる…').reports).toEqual([]);
  });

  it('reads English reports', () => {
    const { reports } = analyse('Signal failure: Keihin-Tohoku line delayed at Kamata');
    expect(reports.map((r) => [r.lineId, r.kind, r.stationIds])).toEqual([['jr-keihin-tohoku', 'delay', ['kamata']]]);
  });
});
