import { addTweet, DEFAULT_SIGNAL_RULE, emptyTickerState, signalIdOf, windowStats, type SignalDraft, type SignalRuleConfig, type TickerWindowState } from './ticker-window';

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
    expect(state.events.length).toBeLessThanOrEqual(30);
    const late = addTweet(state, ['old', T0 - 60 * MIN, 1], config);
    expect(late.state).toBe(state);
    expect(late.signal).toBeNull();
  });
});
