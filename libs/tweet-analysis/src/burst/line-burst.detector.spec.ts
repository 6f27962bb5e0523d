import type { LineReport } from '../tweet-analyser';
import { disruptionIdOf, emptyLineState, isQuietFor, LineBurstDetector } from './line-burst.detector';
import { DEFAULT_BURST_CONFIG, type LineBurstState } from './line-burst.types';

const T0 = Date.UTC(2026, 10, 29, 7, 0, 0);
const MIN = 60_000;

function report(i: number, ts: number, over: Partial<LineReport> = {}): LineReport {
  return {
    tweetId: `t${i}`,
    author: `user${i}`,
    ts,
    lineId: 'jr-yamanote',
    stationIds: ['shinjuku'],
    kind: 'delay',
    confidence: 0.9,
    text: `山手線 遅延 ${i}`,
    ...over,
  };
}

/** Feeds reports one at a time, advancing the clock to each one. */
function replay(detector: LineBurstDetector, state: LineBurstState, reports: LineReport[]) {
  const changes = [];
  for (const r of reports) {
    const out = detector.step(state, [r], r.ts);
    state = out.state;
    changes.push(...out.changes);
  }
  return { state, changes };
}

describe('LineBurstDetector', () => {
  const detector = new LineBurstDetector();

  it('starts one disruption when reports burst well above the baseline, with a deterministic id', () => {
    const burst = Array.from({ length: 12 }, (_, i) => report(i, T0 + i * 20_000, i % 3 === 0 ? { stationIds: ['shibuya'] } : {}));
    const { state, changes } = replay(detector, emptyLineState('jr-yamanote'), burst);
    expect(changes).toHaveLength(1);
    const started = changes[0]!;
    expect(started.status).toBe('started');
    expect(started.disruptionId).toBe(disruptionIdOf('jr-yamanote', T0));
    expect(started.startedAt).toBe(T0);
    expect(started.stationIds).toEqual(['shinjuku', 'shibuya']);
    expect(started.confidence).toBeGreaterThan(0.5);
    expect(started.sampleTweets.length).toBeGreaterThan(0);
    expect(state.active?.disruptionId).toBe(started.disruptionId);
  });

  it('ends the disruption when the reports subside', () => {
    const burst = Array.from({ length: 8 }, (_, i) => report(i, T0 + i * 10_000));
    let { state } = replay(detector, emptyLineState('jr-yamanote'), burst);
    const quiet = detector.step(state, [], T0 + 5 * MIN);
    expect(quiet.changes).toEqual([]);
    const later = detector.step(quiet.state, [], T0 + 20 * MIN);
    expect(later.changes).toHaveLength(1);
    expect(later.changes[0]).toMatchObject({ status: 'ended', disruptionId: `jr-yamanote:${T0}`, endedAt: T0 + 20 * MIN, stationIds: ['shinjuku'] });
    state = later.state;
    expect(state.active).toBeNull();
  });

  it('ignores a trickle of reports and one loud author', () => {
    const trickle = Array.from({ length: 10 }, (_, i) => report(i, T0 + i * 6 * MIN));
    expect(replay(detector, emptyLineState('jr-yamanote'), trickle).changes).toEqual([]);
    const spammer = Array.from({ length: 20 }, (_, i) => report(i, T0 + i * 1000, { author: 'angry', tweetId: `s${i}` }));
    expect(replay(detector, emptyLineState('jr-yamanote'), spammer).changes).toEqual([]);
  });

  it('raises the bar on a line whose baseline is high', () => {
    // a line people always grumble about: one report every 3 minutes for 3 hours
    const background = Array.from({ length: 60 }, (_, i) => report(i, T0 + i * 3 * MIN));
    const learnt = replay(detector, emptyLineState('jr-yamanote'), background);
    expect(learnt.changes).toEqual([]);
    expect(learnt.state.baseline).toBeGreaterThan(0.2);
    expect(detector.threshold(learnt.state.baseline)).toBeGreaterThan(DEFAULT_BURST_CONFIG.minReports * 2);
    // eight reports in two minutes: a disruption on a quiet line, routine on this one
    const end = T0 + 180 * MIN;
    const burst = Array.from({ length: 8 }, (_, i) => report(100 + i, end + i * 15_000));
    expect(replay(detector, learnt.state, burst).changes).toEqual([]);
    expect(replay(detector, emptyLineState('jr-yamanote'), burst).changes.map((c) => c.status)).toEqual(['started']);
  });

  it('counts a tweet once and survives a JSON round trip of its state', () => {
    const burst = Array.from({ length: 4 }, (_, i) => report(i, T0 + i * 1000));
    let { state } = replay(detector, emptyLineState('jr-yamanote'), burst);
    state = JSON.parse(JSON.stringify(state)) as LineBurstState;
    const again = detector.step(state, burst, T0 + 5000);
    expect(again.changes).toEqual([]);
    expect(again.state.recent).toHaveLength(4);
    const fifth = detector.step(again.state, [report(9, T0 + 6000)], T0 + 6000);
    expect(fifth.changes.map((c) => c.disruptionId)).toEqual([`jr-yamanote:${T0}`]);
  });

  it('calls it a suspension when enough reports say so', () => {
    const burst = Array.from({ length: 6 }, (_, i) => report(i, T0 + i * 1000, { kind: i < 2 ? 'suspension' : 'delay' }));
    const { changes } = replay(detector, emptyLineState('jr-yamanote'), burst);
    expect(changes[0]?.kind).toBe('suspension');
  });

  describe('quiet timeout (wall clock)', () => {
    const WALL = Date.UTC(2026, 11, 1, 12, 0, 0);

    it('says when a line has been quiet long enough', () => {
      expect(isQuietFor(WALL - 30 * MIN, WALL, 30 * MIN)).toBe(true);
      expect(isQuietFor(WALL - 30 * MIN + 1, WALL, 30 * MIN)).toBe(false);
    });

    it('ends the active disruption at the declared time, without waiting for newer tweets', () => {
      const burst = Array.from({ length: 8 }, (_, i) => report(i, T0 + i * 10_000));
      const { state } = replay(detector, emptyLineState('jr-yamanote'), burst);
      expect(state.active).not.toBeNull();
      const now = T0 + 70_000;
      const out = detector.endQuiet(state, now, WALL);
      expect(out.changes).toEqual([
        expect.objectContaining({ status: 'ended', disruptionId: `jr-yamanote:${T0}`, startedAt: T0, endedAt: WALL, at: WALL, stationIds: ['shinjuku'] }),
      ]);
      expect(out.state.active).toBeNull();
      expect(out.state.recent).toEqual([]);
      // the burst's buckets never reach the baseline
      expect(Object.keys(out.state.pending).every((b) => Number(b) >= Math.floor(now / MIN) * MIN)).toBe(true);
      // a line with nothing active is left as it is
      expect(detector.endQuiet(out.state, now, WALL)).toEqual({ state: out.state, changes: [] });
    });

    it('never ends before the start, and the spent reports cannot restart the same disruption', () => {
      const burst = Array.from({ length: 8 }, (_, i) => report(i, T0 + i * 10_000));
      const { state } = replay(detector, emptyLineState('jr-yamanote'), burst);
      const ended = detector.endQuiet(state, T0 + 70_000, T0 - 5_000);
      expect(ended.changes[0]!.endedAt).toBe(T0);
      // the same tweets redelivered, and one more report: no second start under the old id
      const again = detector.step(ended.state, [...burst, report(50, T0 + 80_000)], T0 + 80_000);
      expect(again.changes.filter((c) => c.disruptionId === `jr-yamanote:${T0}`)).toEqual([]);
      // a new burst later is a new disruption with its own id
      const later = replay(detector, again.state, Array.from({ length: 8 }, (_, i) => report(100 + i, T0 + 20 * MIN + i * 10_000)));
      expect(later.changes.map((c) => [c.status, c.disruptionId])).toEqual([['started', `jr-yamanote:${T0 + 20 * MIN}`]]);
    });
  });

  describe('restoreWindow', () => {
    it('rebuilds the window of every step from all the reports handed in, late, capped and spent ones too', () => {
      const small = new LineBurstDetector({ ...DEFAULT_BURST_CONFIG, maxRecent: 6 });
      let state = emptyLineState('jr-yamanote');
      const fed: LineReport[] = [];
      const check = () => {
        const { recent, ...stored } = state;
        expect(small.restoreWindow(stored, fed.map((r) => ({ id: r.tweetId, author: r.author, ts: r.ts, kind: r.kind, confidence: r.confidence, stations: r.stationIds, text: r.text })))).toEqual(recent);
      };
      const feed = (batch: LineReport[], now = Math.max(...batch.map((r) => r.ts))) => {
        fed.push(...batch);
        state = small.step(state, batch, now).state;
        check();
      };
      // a burst over the cap, with ties in time
      feed(Array.from({ length: 10 }, (_, i) => report(i, T0 + Math.floor(i / 3) * 1000, { author: `a${i % 4}` })));
      // a late report, one older than the window, a silent step
      feed([report(20, T0 + 500), report(21, T0 - 20 * MIN)], T0 + 5000);
      state = small.step(state, [], T0 + 3 * MIN).state;
      check();
      // ended by the quiet timeout: its reports are spent
      state = small.endQuiet(state, T0 + 4 * MIN, T0 + 40 * MIN).state;
      check();
      feed([report(30, T0 + 4 * MIN - 1000), report(31, T0 + 5 * MIN)]);
      // the window moves on past every report
      state = small.step(state, [], T0 + 30 * MIN).state;
      check();
      expect(state.recent).toEqual([]);
    });
  });
});
