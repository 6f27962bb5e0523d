import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineBurstDetector } from './burst/line-burst.detector';
import { emptyLineState } from './burst/line-burst.detector';
import { parseLabelledTweets } from './classifier/delay-evaluation';
import { TweetAnalyser, type LineReport } from './tweet-analyser';

describe('TweetAnalyser', () => {
  const analyser = new TweetAnalyser();
  const at = Date.UTC(2026, 10, 29, 7, 0, 0);
  const analyse = (text: string) => analyser.analyse({ id: 't1', author: 'a', text, createdAt: at });
  const reported = (text: string) => analyse(text).reports.map((r) => [r.lineId, r.kind]);

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

  describe('the traps of issue 11', () => {
    it.each([
      ['a delayed flight', '飛行機が2時間遅延、羽田で待ちぼうけ'],
      ['a delayed flight (en)', 'My flight to Osaka is delayed by 3 hours'],
      ['I missed the train', '山手線に乗り遅れた、ギリギリだった'],
      ['I missed the train (en)', 'Missed my train on the Yamanote line, next one in 3 minutes anyway'],
      ['a question whether the line is late', '中央線って今遅延してますか？'],
      ['a question whether the line is late (en)', 'Is the Chuo line delayed right now?'],
      ['delays have cleared', 'Yamanote line delays have cleared'],
      ['service resumed', '山手線 運転再開しました'],
      ['a past delay', '昨日の山手線の遅延ひどかったな'],
      ['a past delay (en)', 'The Yamanote line was delayed yesterday for hours'],
      ['a parcel', 'Amazonの配達が遅延してる'],
      ['a delivery (en)', 'My package is delayed again, thanks courier'],
      ['a game', '雨で試合が中断、再開は未定'],
      ['a game (en)', 'The game was delayed by rain'],
      ['a metaphor', '時が止まったかと思った'],
      ['a metaphor (en)', 'My brain stopped working after lunch'],
    ])('%s is no report: %s', (_, text) => {
      expect(reported(text)).toEqual([]);
    });

    it('keeps the real report next to the trap word', () => {
      expect(reported('京急空港線が遅延で飛行機に乗り遅れそう')).toEqual([['keikyu-airport', 'delay']]);
      expect(reported('Why is the Chuo line delayed AGAIN?')).toEqual([['jr-chuo-rapid', 'delay']]);
      expect(reported('山手線 運転再開したけどまだ遅れてる')).toEqual([['jr-yamanote', 'delay']]);
      expect(reported('昨日も今日も埼京線遅延')).toEqual([['jr-saikyo', 'delay']]);
    });

    it('reads plain English verbs: stopped, cancelled', () => {
      expect(reported('Keio line has stopped between Meidaimae and Sasazuka')).toEqual([['keio', 'suspension']]);
      expect(reported('Odakyu line trains cancelled after an accident at Machida')).toEqual([['odakyu-odawara', 'suspension']]);
      expect(reported('The rain finally stopped, going for a walk')).toEqual([]);
    });

    it('finds the longest name: 南新宿 is not a station inside 湘南新宿ライン', () => {
      const a = analyse('湘南新宿ラインが遅延してる');
      expect(a.mentions.stations).toEqual([]);
      expect(reported('湘南新宿ラインが遅延してる')).toEqual([['jr-shonan-shinjuku', 'delay']]);
    });

    it('decides per line: one line late, another running normally', () => {
      expect(reported('山手線は平常運転、中央線が遅延')).toEqual([['jr-chuo-rapid', 'delay']]);
      expect(reported('Chuo line delayed, but the Yamanote line is running fine')).toEqual([['jr-chuo-rapid', 'delay']]);
      expect(reported('Delays on the Keiyo line but the Musashino line is on time')).toEqual([['jr-keiyo', 'delay']]);
      expect(reported('山手線と京浜東北線が止まってる、田町で人身事故')).toEqual([
        ['jr-yamanote', 'suspension'],
        ['jr-keihin-tohoku', 'suspension'],
      ]);
      expect(analyse('山手線は平常運転、中央線が遅延').lines.map((l) => [l.lineId, l.assessment.isReport])).toEqual([
        ['jr-yamanote', false],
        ['jr-chuo-rapid', true],
      ]);
    });

    it('knows hiragana spellings and nicknames', () => {
      expect(reported('やまのてせん遅れてる〜')).toEqual([['jr-yamanote', 'delay']]);
      expect(reported('田都また止まってる…')).toEqual([['tokyu-den-en-toshi', 'suspension']]);
      expect(reported('TX 止まってる、流山おおたかの森で缶詰')).toEqual([['tsukuba-express', 'suspension']]);
    });
  });

  it('makes no disruption from a stream of hard negatives about one line, however many people write them', () => {
    const examples = parseLabelledTweets(readFileSync(resolve(__dirname, '../data/delay-tweets.labelled.jsonl'), 'utf8'));
    const negatives = examples.filter((e) => e.label === 'none' && e.lines?.['jr-yamanote'] === 'none').map((e) => e.text);
    expect(negatives.length).toBeGreaterThanOrEqual(10);
    const detector = new LineBurstDetector();
    let state = emptyLineState('jr-yamanote');
    let reports = 0;
    const changes = [];
    // every hard negative about the Yamanote line, three times over, from 30 people within ten minutes
    for (let i = 0; i < negatives.length * 3; i++) {
      const ts = at + i * 5_000;
      const r: LineReport[] = analyser
        .analyse({ id: `n${i}`, author: `person_${i % 30}`, text: negatives[i % negatives.length]!, createdAt: ts })
        .reports.filter((x) => x.lineId === 'jr-yamanote');
      reports += r.length;
      const step = detector.step(state, r, ts);
      state = step.state;
      changes.push(...step.changes);
    }
    expect(reports).toBe(0);
    expect(changes).toEqual([]);
    // the same number of real reports does make one
    const burst = ['山手線止まってる 新宿', '山手線 運転見合わせ 渋谷', '山手線 人身事故 遅延 品川', 'Yamanote line suspended at Shibuya', '山手線遅れてる 池袋'];
    let real = emptyLineState('jr-yamanote');
    const started = [];
    for (let i = 0; i < 10; i++) {
      const ts = at + i * 10_000;
      const step = detector.step(real, analyser.analyse({ id: `r${i}`, author: `person_${i}`, text: burst[i % burst.length]!, createdAt: ts }).reports, ts);
      real = step.state;
      started.push(...step.changes.filter((c) => c.status === 'started'));
    }
    expect(started).toHaveLength(1);
  });
});
