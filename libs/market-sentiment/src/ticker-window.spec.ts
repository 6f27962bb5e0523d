import {
  addTweet,
  DEFAULT_SIGNAL_RULE,
  emptyTickerState,
  MAX_SIGNAL_TWEET_IDS,
  restoreTickerState,
  signalIdOf,
  windowStats,
  windowTweetIds,
  type SignalDraft,
  type SignalRuleConfig,
  type TickerWindowState,
  type WindowEvent,
} from './ticker-window';

const T0 = Date.UTC(2026, 10, 29, 9, 0, 0);
const MIN = 60_000;
const config: SignalRuleConfig = { ...DEFAULT_SIGNAL_RULE, windowMs: 5 * MIN, coolDownMs: 30 * MIN, minVolume: 5, minVolumeZ: 2, minAbsSentiment: 0.3 };

function feed(state: TickerWindowState, events: Array<[string, number, number]>, cfg = config): { state: TickerWindowState; signals: SignalDraft[] } {
  const signals: SignalDraft[] = [];
  for (const e of events) {
    const r = addTweet(state, e, cfg);
    state = r.state;
    if (r.signal) signals.push(r.signal);
  }
  return { state, signals };
}

/** n tweets, `spacingMs` apart from `start`, all with `score` */
function burst(prefix: string, start: number, n: number, score: number, spacingMs = 5_000): Array<[string, number, number]> {
  return Array.from({ length: n }, (_, i) => [`${prefix}${i}`, start + i * spacingMs, score]);
}

describe('ticker window and signal rule', () => {
  it('emits one buy signal for a burst of positive tweets, with its tweets and a deterministic id', () => {
    const { signals } = feed(emptyTickerState('XYZ'), burst('a', T0, 12, 0.8));
    expect(signals).toHaveLength(1);
    const s = signals[0]!;
    expect(s).toMatchObject({ ticker: 'XYZ', direction: 'buy', tweetCount: 5, meanSentiment: 0.8 });
    expect(s.signalId).toBe(signalIdOf('XYZ', 'buy', T0 + 4 * 5_000));
    expect(s.tweetIds).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(s.emittedAt).toBe(s.window.end);
    expect(s.strength).toBeGreaterThan(0);
    expect(s.strength).toBeLessThanOrEqual(1);
    expect(s.confidence).toBeGreaterThan(0);
    expect(s.confidence).toBeLessThanOrEqual(1);
  });

  it('emits nothing for a second burst inside the cool-down, and again after it', () => {
    const first = feed(emptyTickerState('XYZ'), burst('a', T0, 10, 0.8));
    const inside = feed(first.state, burst('b', T0 + 15 * MIN, 10, 0.8));
    expect(inside.signals).toHaveLength(0);
    const after = feed(inside.state, burst('c', T0 + 45 * MIN, 10, -0.7));
    expect(after.signals.map((s) => s.direction)).toEqual(['sell']);
  });

  it('needs sentiment and volume together', () => {
    expect(feed(emptyTickerState('XYZ'), burst('n', T0, 20, 0.1)).signals).toHaveLength(0); // neutral burst
    expect(feed(emptyTickerState('XYZ'), burst('s', T0, 4, 0.9)).signals).toHaveLength(0); // too few
  });

  it('measures volume against the ticker’s own baseline', () => {
    // a busy ticker: 6 tweets a minute for an hour, mildly positive
    const busy = Array.from({ length: 360 }, (_, i): [string, number, number] => [`b${i}`, T0 + i * 10_000, 0.5]);
    const { state, signals } = feed(emptyTickerState('BUSY'), busy, { ...config, coolDownMs: 0 });
    // the first minutes, before a baseline exists, look unusual; later the steady rate does not
    const late = signals.filter((s) => s.window.end > T0 + 20 * MIN);
    expect(late).toHaveLength(0);
    const stats = windowStats(state, config);
    expect(stats.expectedVolume).toBeCloseTo(30, 0);
    expect(Math.abs(stats.volumeZ)).toBeLessThan(1);
  });

  it('survives a JSON round trip (state kept in the database) with the same outcome', () => {
    const events = burst('a', T0, 12, 0.8);
    const straight = feed(emptyTickerState('XYZ'), events);
    const half = feed(emptyTickerState('XYZ'), events.slice(0, 3));
    const restored = JSON.parse(JSON.stringify(half.state)) as TickerWindowState;
    const rest = feed(restored, events.slice(3));
    expect([...half.signals, ...rest.signals]).toEqual(straight.signals);
    expect(rest.state).toEqual(straight.state);
  });

  it('ignores tweets later than the allowed lateness and keeps the window bounded', () => {
    const { state } = feed(emptyTickerState('XYZ'), burst('a', T0, 200, 0, 10_000));
    expect(state.recentIds.length).toBeLessThanOrEqual(30);
    expect(state.slots.length).toBeLessThanOrEqual(31);
    const late = addTweet(state, ['old', T0 - 60 * MIN, 1], config);
    expect(late.state).toBe(state);
    expect(late.signal).toBeNull();
  });

  it('keeps a very busy ticker bounded: exact counts, at most 500 contributing ids, the newest ones', () => {
    // 4 000 tweets in 4 minutes (1 000 a minute), after a quiet hour of baseline
    const quiet = burst('q', T0, 60, 0.1, 60_000);
    const rush = Array.from({ length: 4000 }, (_, i): [string, number, number] => [`r${i}`, T0 + 60 * MIN + Math.floor(i * 60), i % 4 === 0 ? -0.5 : 0.9]);
    // a volume floor above the cap, so the signal fires with more tweets than ids it may carry
    const busy = { ...config, minVolume: 1000 };
    const { state, signals } = feed(emptyTickerState('BUSY'), [...quiet, ...rush], busy);
    const stats = windowStats(state, busy);
    // the naive count over every tweet in (end − window, end]
    const inWindow = [...quiet, ...rush].filter(([, ts]) => ts > stats.window.start);
    expect(inWindow.length).toBeGreaterThan(3000);
    expect(stats.volume).toBe(inWindow.length);
    expect(stats.meanSentiment).toBeCloseTo(inWindow.reduce((s, e) => s + e[2], 0) / inWindow.length, 3);
    expect(state.recentIds).toHaveLength(MAX_SIGNAL_TWEET_IDS);
    expect(windowTweetIds(state, busy)).toEqual(inWindow.slice(-MAX_SIGNAL_TWEET_IDS).map(([id]) => id));
    expect(state.slots.length).toBeLessThanOrEqual(config.windowMs / 1000 + 1);
    expect(JSON.stringify(state).length).toBeLessThan(40_000);
    // the signal counts every tweet but carries only the newest 500 ids
    expect(signals).toHaveLength(1);
    expect(signals[0]!.tweetCount).toBe(1000);
    expect(signals[0]!.tweetIds).toHaveLength(MAX_SIGNAL_TWEET_IDS);
    // three in four tweets agree, at half the volume that would make it certain
    expect(signals[0]!.confidence).toBeCloseTo(0.75 * 0.5, 2);
  });

  it('places a late tweet by its time among the ids', () => {
    const { state } = feed(emptyTickerState('XYZ'), [
      ['a', T0, 0.5],
      ['c', T0 + 20_000, 0.5],
    ]);
    const late = addTweet(state, ['b', T0 + 10_000, 0.5], config).state;
    expect(windowTweetIds(late, config)).toEqual(['a', 'b', 'c']);
    expect(windowStats(late, config).volume).toBe(3);
  });

  it('reads a state stored before slots existed (every tweet kept as an event)', () => {
    const events: WindowEvent[] = burst('a', T0, 8, 0.6);
    const current = feed(emptyTickerState('XYZ'), events.map((e) => [...e] as [string, number, number])).state;
    const { slots: _slots, recentIds: _ids, ...rest } = current;
    const legacy = { ...rest, events } as unknown as TickerWindowState;
    expect(windowStats(legacy, config)).toEqual(windowStats(current, config));
    expect(restoreTickerState(legacy, config)).toEqual(current);
    const next = addTweet(legacy, ['z', T0 + 60_000, 0.6], config);
    expect(next.state).toEqual(addTweet(current, ['z', T0 + 60_000, 0.6], config).state);
  });
});
