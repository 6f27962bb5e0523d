/**
 * Per-ticker sliding-window aggregation and the signal rule. The clock is the
 * tweets' own `createdAt` (the analysis replays the same way at any speed); the
 * state is plain JSON so the service can keep it in its database across
 * restarts.
 */
export interface SignalRuleConfig {
  /** length of the sliding window, ms */
  readonly windowMs: number;
  /** resolution of the volume baseline, ms */
  readonly bucketMs: number;
  /** how far back the ticker's own volume baseline reaches, ms (longer than the window) */
  readonly baselineMs: number;
  /** tweets in the window needed before any signal */
  readonly minVolume: number;
  /** volume z-score against the baseline needed */
  readonly minVolumeZ: number;
  /** |mean sentiment| (−1..1) needed */
  readonly minAbsSentiment: number;
  /** at most one signal per ticker per cool-down, ms of tweet time */
  readonly coolDownMs: number;
  /** floor of the expected window volume, so a ticker with no history is not "infinitely" unusual */
  readonly minExpectedVolume: number;
  /** tweets older than the ticker's newest by more than this are counted in no window, ms */
  readonly maxLatenessMs: number;
}

export const DEFAULT_SIGNAL_RULE: SignalRuleConfig = {
  windowMs: 5 * 60_000,
  bucketMs: 60_000,
  baselineMs: 2 * 60 * 60_000,
  minVolume: 5,
  minVolumeZ: 2,
  minAbsSentiment: 0.3,
  coolDownMs: 30 * 60_000,
  minExpectedVolume: 1,
  maxLatenessMs: 10 * 60_000,
};

/** One scored tweet about a ticker: `[tweetId, createdAt ms, score −1..1]`. */
export type WindowEvent = readonly [id: string, ts: number, score: number];

export interface TickerWindowState {
  readonly ticker: string;
  /** newest tweet time seen for this ticker, ms */
  readonly watermark: number;
  /** first tweet time seen, ms: the baseline only covers time actually observed */
  readonly firstSeen: number;
  /** the tweets inside the current window */
  readonly events: readonly WindowEvent[];
  /** `[bucketStart ms, tweets]` over the baseline horizon */
  readonly buckets: ReadonlyArray<readonly [number, number]>;
  readonly lastSignal: { readonly at: number; readonly direction: SignalDirection; readonly signalId: string } | null;
}

export type SignalDirection = 'buy' | 'sell';

export interface WindowStats {
  readonly ticker: string;
  readonly window: { readonly start: number; readonly end: number };
  readonly volume: number;
  readonly meanSentiment: number;
  /** tweets the baseline expects in a window this long */
  readonly expectedVolume: number;
  /** (volume − expected) / √expected: Poisson z-score against the ticker's own baseline */
  readonly volumeZ: number;
}

export interface SignalDraft {
  readonly signalId: string;
  readonly ticker: string;
  readonly direction: SignalDirection;
  readonly strength: number;
  readonly confidence: number;
  readonly window: { readonly start: number; readonly end: number };
  readonly tweetCount: number;
  readonly meanSentiment: number;
  readonly volumeZ: number;
  readonly tweetIds: readonly string[];
  /** the analysis clock at emission (the window end), so a replay emits the same record */
  readonly emittedAt: number;
}

/** The contract caps the tweet ids a signal carries. */
export const MAX_SIGNAL_TWEET_IDS = 500;

export function emptyTickerState(ticker: string): TickerWindowState {
  return { ticker, watermark: 0, firstSeen: 0, events: [], buckets: [], lastSignal: null };
}

/** Deterministic: the same ticker, direction and window end always name the same signal. */
export function signalIdOf(ticker: string, direction: SignalDirection, windowEnd: number): string {
  return `${ticker}:${direction}:${windowEnd}`;
}

export function windowStats(state: TickerWindowState, config: SignalRuleConfig): WindowStats {
  const end = state.watermark;
  const start = end - config.windowMs;
  const inWindow = state.events.filter((e) => e[1] > start);
  const volume = inWindow.length;
  const meanSentiment = volume === 0 ? 0 : inWindow.reduce((s, e) => s + e[2], 0) / volume;
  // the baseline: tweets in the observed part of the horizon before the window, as a rate
  const baselineStart = Math.max(end - config.baselineMs, bucketOf(state.firstSeen, config));
  const baselineSpan = Math.max(0, start - baselineStart);
  const baselineCount = state.buckets.filter(([b]) => b >= baselineStart && b + config.bucketMs <= start).reduce((s, [, n]) => s + n, 0);
  const observed = Math.floor(baselineSpan / config.bucketMs) * config.bucketMs;
  const expectedVolume = Math.max(config.minExpectedVolume, observed > 0 ? (baselineCount / observed) * config.windowMs : 0);
  const volumeZ = (volume - expectedVolume) / Math.sqrt(expectedVolume);
  return { ticker: state.ticker, window: { start, end }, volume, meanSentiment: round(meanSentiment), expectedVolume: round(expectedVolume), volumeZ: round(volumeZ) };
}

/**
 * Adds one scored tweet and applies the signal rule: a signal when volume,
 * volume z-score and |mean sentiment| all cross their thresholds, and the last
 * signal for the ticker is at least a cool-down ago.
 */
export function addTweet(
  state: TickerWindowState,
  event: WindowEvent,
  config: SignalRuleConfig = DEFAULT_SIGNAL_RULE,
): { state: TickerWindowState; stats: WindowStats | null; signal: SignalDraft | null } {
  const [, ts] = event;
  if (state.watermark > 0 && ts < state.watermark - config.maxLatenessMs) {
    // too late to belong to any window still open; the baseline ignores it too
    return { state, stats: null, signal: null };
  }
  const watermark = Math.max(state.watermark, ts);
  const firstSeen = state.firstSeen === 0 ? ts : Math.min(state.firstSeen, ts);
  const bucket = bucketOf(ts, config);
  const buckets = new Map(state.buckets);
  buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
  const horizon = watermark - config.baselineMs - config.windowMs;
  const events = [...state.events, event].filter((e) => e[1] > watermark - config.windowMs);
  const next: TickerWindowState = {
    ticker: state.ticker,
    watermark,
    firstSeen,
    events,
    buckets: [...buckets].filter(([b]) => b + config.bucketMs > horizon).sort((a, b) => a[0] - b[0]),
    lastSignal: state.lastSignal,
  };
  const stats = windowStats(next, config);
  const signal = ruleFires(next, stats, config) ? draftSignal(next, stats, config) : null;
  return { state: signal ? { ...next, lastSignal: { at: signal.window.end, direction: signal.direction, signalId: signal.signalId } } : next, stats, signal };
}

function ruleFires(state: TickerWindowState, stats: WindowStats, config: SignalRuleConfig): boolean {
  if (stats.volume < config.minVolume) return false;
  if (stats.volumeZ < config.minVolumeZ) return false;
  if (Math.abs(stats.meanSentiment) < config.minAbsSentiment) return false;
  if (state.lastSignal && stats.window.end - state.lastSignal.at < config.coolDownMs) return false;
  return true;
}

function draftSignal(state: TickerWindowState, stats: WindowStats, config: SignalRuleConfig): SignalDraft {
  const direction: SignalDirection = stats.meanSentiment > 0 ? 'buy' : 'sell';
  const inWindow = state.events.filter((e) => e[1] > stats.window.start);
  const sign = direction === 'buy' ? 1 : -1;
  // agreement: share of the window's tweets leaning the signal's way
  const agreeing = inWindow.filter((e) => sign * e[2] > 0).length / inWindow.length;
  const volumeFactor = Math.min(1, stats.volumeZ / (2 * config.minVolumeZ));
  return {
    signalId: signalIdOf(state.ticker, direction, stats.window.end),
    ticker: state.ticker,
    direction,
    strength: round(Math.min(1, Math.abs(stats.meanSentiment) * (0.5 + 0.5 * volumeFactor))),
    confidence: round(Math.min(1, agreeing * Math.min(1, stats.volume / (2 * config.minVolume)))),
    window: stats.window,
    tweetCount: stats.volume,
    meanSentiment: stats.meanSentiment,
    volumeZ: stats.volumeZ,
    tweetIds: inWindow.slice(-MAX_SIGNAL_TWEET_IDS).map((e) => e[0]),
    emittedAt: stats.window.end,
  };
}

function bucketOf(ts: number, config: SignalRuleConfig): number {
  return Math.floor(ts / config.bucketMs) * config.bucketMs;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
