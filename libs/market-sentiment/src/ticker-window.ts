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

/**
 * The window's tweets aggregated per slot: `[slotStart ms, tweets, sum of their
 * scores, tweets scoring > 0, tweets scoring < 0]`. Counts and sums are exact;
 * only the window's oldest edge is rounded to a whole slot.
 */
export type WindowSlot = readonly [slotStart: number, tweets: number, scoreSum: number, positive: number, negative: number];

export interface TickerWindowState {
  readonly ticker: string;
  /** newest tweet time seen for this ticker, ms */
  readonly watermark: number;
  /** first tweet time seen, ms: the baseline only covers time actually observed */
  readonly firstSeen: number;
  /** the window's tweets per slot (at most `windowMs / slotMs` + 1 entries, however busy the ticker) */
  readonly slots: readonly WindowSlot[];
  /**
   * the newest tweets of the window `[id, createdAt ms]`, oldest first, at most
   * MAX_SIGNAL_TWEET_IDS: the contributing ids a signal carries (the counts come from `slots`)
   */
  readonly recentIds: ReadonlyArray<readonly [id: string, ts: number]>;
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

/** Slots per window at most: 1 s slots up to a 10-minute window, coarser beyond (bounded state). */
const MAX_SLOTS_PER_WINDOW = 600;

/** The slot length for a window length, ms: 1 s, or windowMs / 600 for longer windows. */
export function slotMsOf(config: Pick<SignalRuleConfig, 'windowMs'>): number {
  return Math.max(1000, Math.ceil(config.windowMs / MAX_SLOTS_PER_WINDOW));
}

export function emptyTickerState(ticker: string): TickerWindowState {
  return { ticker, watermark: 0, firstSeen: 0, slots: [], recentIds: [], buckets: [], lastSignal: null };
}

/**
 * A state as stored; states written before slots existed kept every window
 * tweet as `events: [id, ts, score][]` and are converted on first read.
 */
export function restoreTickerState(stored: TickerWindowState, config: SignalRuleConfig): TickerWindowState {
  const legacy = stored as TickerWindowState & { readonly events?: readonly WindowEvent[] };
  if (legacy.slots && legacy.recentIds) return stored;
  const { events = [], ...rest } = legacy;
  let state: TickerWindowState = { ...rest, slots: [], recentIds: [] };
  for (const e of events) state = foldIntoWindow(state, e, config);
  return state;
}

/** Deterministic: the same ticker, direction and window end always name the same signal. */
export function signalIdOf(ticker: string, direction: SignalDirection, windowEnd: number): string {
  return `${ticker}:${direction}:${windowEnd}`;
}

export function windowStats(stored: TickerWindowState, config: SignalRuleConfig): WindowStats {
  const state = restoreTickerState(stored, config);
  const end = state.watermark;
  const start = end - config.windowMs;
  const inWindow = slotsInWindow(state, config);
  const volume = inWindow.reduce((n, s) => n + s[1], 0);
  const meanSentiment = volume === 0 ? 0 : inWindow.reduce((sum, s) => sum + s[2], 0) / volume;
  // the baseline: tweets in the observed part of the horizon before the window, as a rate
  const baselineStart = Math.max(end - config.baselineMs, bucketOf(state.firstSeen, config));
  const baselineSpan = Math.max(0, start - baselineStart);
  const baselineCount = state.buckets.filter(([b]) => b >= baselineStart && b + config.bucketMs <= start).reduce((s, [, n]) => s + n, 0);
  const observed = Math.floor(baselineSpan / config.bucketMs) * config.bucketMs;
  const expectedVolume = Math.max(config.minExpectedVolume, observed > 0 ? (baselineCount / observed) * config.windowMs : 0);
  const volumeZ = (volume - expectedVolume) / Math.sqrt(expectedVolume);
  return { ticker: state.ticker, window: { start, end }, volume, meanSentiment: round(meanSentiment), expectedVolume: round(expectedVolume), volumeZ: round(volumeZ) };
}

/** The ids of the window's newest tweets (at most MAX_SIGNAL_TWEET_IDS), oldest first. */
export function windowTweetIds(stored: TickerWindowState, config: SignalRuleConfig): string[] {
  const state = restoreTickerState(stored, config);
  const first = firstSlotOf(state.watermark, config);
  return state.recentIds.filter(([, ts]) => slotOf(ts, config) >= first).map(([id]) => id);
}

/** The first slot inside the window ending at `watermark`: the window is (watermark − windowMs, watermark], its old edge rounded up to a slot. */
function firstSlotOf(watermark: number, config: SignalRuleConfig): number {
  return slotOf(watermark - config.windowMs, config) + slotMsOf(config);
}

function slotsInWindow(state: TickerWindowState, config: SignalRuleConfig): readonly WindowSlot[] {
  const first = firstSlotOf(state.watermark, config);
  return state.slots.filter(([s]) => s >= first);
}

/** Adds a tweet to the window's slots and ids, then drops what has left the window and the ids beyond the cap. */
function foldIntoWindow(state: TickerWindowState, event: WindowEvent, config: SignalRuleConfig): TickerWindowState {
  const [id, ts, score] = event;
  const watermark = Math.max(state.watermark, ts);
  const first = firstSlotOf(watermark, config);
  const slot = slotOf(ts, config);
  // both lists are ordered by time: what has left the window is a prefix
  let slots = state.slots.slice(countWhile(state.slots, (s) => s[0] < first));
  let recentIds = state.recentIds.slice(countWhile(state.recentIds, (r) => slotOf(r[1], config) < first));
  if (slot >= first) {
    let at = slots.length;
    while (at > 0 && slots[at - 1]![0] > slot) at--;
    const prev: WindowSlot | undefined = at > 0 && slots[at - 1]![0] === slot ? slots[at - 1] : undefined;
    const base: WindowSlot = prev ?? [slot, 0, 0, 0, 0];
    const next: WindowSlot = [slot, base[1] + 1, base[2] + score, base[3] + (score > 0 ? 1 : 0), base[4] + (score < 0 ? 1 : 0)];
    slots = prev ? [...slots.slice(0, at - 1), next, ...slots.slice(at)] : [...slots.slice(0, at), next, ...slots.slice(at)];
    // newest last (a late tweet takes its place by time; equal times keep arrival order), capped
    let pos = recentIds.length;
    while (pos > 0 && recentIds[pos - 1]![1] > ts) pos--;
    recentIds = [...recentIds.slice(0, pos), [id, ts] as const, ...recentIds.slice(pos)];
    if (recentIds.length > MAX_SIGNAL_TWEET_IDS) recentIds = recentIds.slice(recentIds.length - MAX_SIGNAL_TWEET_IDS);
  }
  return { ...state, watermark, slots, recentIds };
}

function countWhile<T>(items: readonly T[], test: (item: T) => boolean): number {
  let n = 0;
  while (n < items.length && test(items[n]!)) n++;
  return n;
}

/**
 * Adds one scored tweet and applies the signal rule: a signal when volume,
 * volume z-score and |mean sentiment| all cross their thresholds, and the last
 * signal for the ticker is at least a cool-down ago.
 */
export function addTweet(
  stored: TickerWindowState,
  event: WindowEvent,
  config: SignalRuleConfig = DEFAULT_SIGNAL_RULE,
): { state: TickerWindowState; stats: WindowStats | null; signal: SignalDraft | null } {
  const state = restoreTickerState(stored, config);
  const [, ts] = event;
  if (state.watermark > 0 && ts < state.watermark - config.maxLatenessMs) {
    // too late to belong to any window still open; the baseline ignores it too
    return { state, stats: null, signal: null };
  }
  const firstSeen = state.firstSeen === 0 ? ts : Math.min(state.firstSeen, ts);
  const bucket = bucketOf(ts, config);
  const buckets = new Map(state.buckets);
  buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
  const windowed = foldIntoWindow(state, event, config);
  const horizon = windowed.watermark - config.baselineMs - config.windowMs;
  const next: TickerWindowState = {
    ticker: state.ticker,
    watermark: windowed.watermark,
    firstSeen,
    slots: windowed.slots,
    recentIds: windowed.recentIds,
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
  const inWindow = slotsInWindow(state, config);
  // agreement: share of the window's tweets leaning the signal's way
  const agreeing = inWindow.reduce((n, s) => n + (direction === 'buy' ? s[3] : s[4]), 0) / stats.volume;
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
    // the newest contributing tweets; tweetCount stays the exact count
    tweetIds: windowTweetIds(state, config),
    emittedAt: stats.window.end,
  };
}

function slotOf(ts: number, config: SignalRuleConfig): number {
  const slotMs = slotMsOf(config);
  return Math.floor(ts / slotMs) * slotMs;
}

function bucketOf(ts: number, config: SignalRuleConfig): number {
  return Math.floor(ts / config.bucketMs) * config.bucketMs;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
