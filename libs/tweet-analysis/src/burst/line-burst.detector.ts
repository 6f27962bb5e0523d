import type { LineReport } from '../tweet-analyser';
import {
  DEFAULT_BURST_CONFIG,
  type ActiveDisruption,
  type BurstConfig,
  type DisruptionChange,
  type LineBurstState,
  type RecentReport,
} from './line-burst.types';

/** A disruption is named by its line and the time its first report was written: replays give the same id. */
export function disruptionIdOf(lineId: string, startedAt: number): string {
  return `${lineId}:${startedAt}`;
}

export function emptyLineState(lineId: string): LineBurstState {
  return { lineId, baseline: 0, baselineAt: 0, pending: {}, recent: [], active: null };
}

/**
 * Whether a line has been quiet long enough to end its disruption: no delay
 * report received for `quietTimeoutMs` of wall clock (epoch ms both).
 */
export function isQuietFor(lastReportWallMs: number, wallNow: number, quietTimeoutMs: number): boolean {
  return wallNow - lastReportWallMs >= quietTimeoutMs;
}

/** The window's order: by time, then tweet id. */
function byTime(a: RecentReport, b: RecentReport): number {
  return a.ts - b.ts || a.id.localeCompare(b.id);
}

/** Longest gap (in buckets) folded one by one; beyond it the baseline simply decays. */
const MAX_FOLDED_BUCKETS = 24 * 60;

/**
 * Burst detection for one line, over plain data with the clock passed in (the
 * tweets' createdAt). Delay reports are counted in a sliding window; the line's
 * baseline is an EWMA of reports per bucket, learnt only while the line is quiet.
 * A bucket enters the baseline only once it has left the window, so a burst
 * never raises its own bar. A disruption starts when the window holds at least `minReports` reports from
 * `minAuthors` people and `startFactor` times what the baseline expects; it ends
 * when the window holds fewer than `endBelow` reports.
 */
export class LineBurstDetector {
  constructor(private readonly config: BurstConfig = DEFAULT_BURST_CONFIG) {}

  /**
   * Adds the line's new reports and advances the line to `now` (the line's
   * analysis clock: the newest createdAt of its own reports, or the stream's
   * when it has none; never back from the line's `clockAt`). Reports older than
   * the window, or newer than `now`, are ignored.
   */
  step(state: LineBurstState, reports: readonly LineReport[], stepTo: number): { state: LineBurstState; changes: DisruptionChange[] } {
    const c = this.config;
    const now = Math.max(stepTo, state.clockAt ?? 0);
    const changes: DisruptionChange[] = [];
    // no set of the window's ids for a step without reports (a silent line moving on)
    const known = reports.length > 0 ? new Set(state.recent.map((r) => r.id)) : new Set<string>();
    const added: RecentReport[] = [];
    for (const r of reports) {
      if (r.lineId !== state.lineId || known.has(r.tweetId) || r.ts <= now - c.windowMs || r.ts > now) continue;
      if (state.spentUntil !== undefined && r.ts <= state.spentUntil) continue;
      known.add(r.tweetId);
      added.push({ id: r.tweetId, author: r.author, ts: r.ts, kind: r.kind, confidence: r.confidence, stations: r.stationIds, text: r.text });
    }
    // the window is kept in order: only new reports need sorting in
    let recent = added.length === 0 ? state.recent : [...state.recent, ...added].sort(byTime);
    const pending: Record<string, number> = { ...state.pending };
    for (const r of added) {
      const bucket = String(Math.floor(r.ts / c.bucketMs) * c.bucketMs);
      pending[bucket] = (pending[bucket] ?? 0) + 1;
    }
    const { baseline, baselineAt: foldedAt } = this.foldBaseline(state, pending, now);
    let baselineAt = foldedAt;
    recent = recent.filter((r) => r.ts > now - c.windowMs);
    if (recent.length > c.maxRecent) recent = recent.slice(recent.length - c.maxRecent);

    let active = state.active;
    if (active) {
      active = this.extend(active, added);
      if (recent.length < c.endBelow) {
        changes.push({ ...this.describe(state.lineId, active), status: 'ended', endedAt: now, at: now });
        active = null;
        // the disruption's own reports never enter the baseline
        baselineAt = Math.floor(now / c.bucketMs) * c.bucketMs;
        for (const bucket of Object.keys(pending)) if (Number(bucket) < baselineAt) delete pending[bucket];
      }
    } else {
      const threshold = this.threshold(baseline);
      // distinct authors are counted only once the window holds enough reports
      const authors = recent.length >= threshold ? new Set(recent.map((r) => r.author)).size : 0;
      if (recent.length >= threshold && authors >= c.minAuthors) {
        active = this.open(state.lineId, recent, threshold, authors);
        changes.push({ ...this.describe(state.lineId, active), status: 'started', at: now });
      }
    }
    const next: LineBurstState = { lineId: state.lineId, baseline, baselineAt, pending, recent, active, clockAt: now };
    return { state: state.spentUntil !== undefined ? { ...next, spentUntil: state.spentUntil } : next, changes };
  }

  /**
   * The window a state holds (`recent`), rebuilt from the line's reports as they
   * were handed to `step` (any order; reports outside the window are left out):
   * those after the window's start at the line's clock and not spent, by time, the
   * newest `maxRecent`, which is what `step` keeps. A service can then store a
   * state without its window, whose reports it has stored one by one already.
   */
  restoreWindow(state: Omit<LineBurstState, 'recent'>, reports: readonly RecentReport[]): RecentReport[] {
    if (state.clockAt === undefined) return [];
    const from = this.windowStart(state);
    const inWindow = reports.filter((r) => r.ts > from && r.ts <= state.clockAt!).sort(byTime);
    return inWindow.length > this.config.maxRecent ? inWindow.slice(inWindow.length - this.config.maxRecent) : inWindow;
  }

  /** Reports at or before this (tweet time, ms) are outside the state's window, or spent: the window holds only later ones. */
  windowStart(state: Pick<LineBurstState, 'clockAt' | 'spentUntil'>): number {
    return Math.max((state.clockAt ?? 0) - this.config.windowMs, state.spentUntil ?? -Infinity);
  }

  /**
   * Ends the line's active disruption because no delay report has arrived for
   * the quiet timeout (measured by the caller on the wall clock: the tweets'
   * createdAt only moves while tweets keep coming). `now` is the analysis clock
   * (tweet time); `endedAt` is when the end was declared. The window's reports
   * are spent with it (`spentUntil`: reports written at or before `now` count for
   * nothing any more, so they cannot restart the same disruption) and, as for
   * any end, the disruption's own reports never enter the baseline. A line with
   * no active disruption is returned unchanged.
   */
  endQuiet(state: LineBurstState, now: number, endedAt: number): { state: LineBurstState; changes: DisruptionChange[] } {
    if (!state.active) return { state, changes: [] };
    const c = this.config;
    const at = Math.max(endedAt, state.active.startedAt);
    const change: DisruptionChange = { ...this.describe(state.lineId, state.active), status: 'ended', endedAt: at, at };
    const baselineAt = Math.floor(now / c.bucketMs) * c.bucketMs;
    const pending = Object.fromEntries(Object.entries(state.pending).filter(([bucket]) => Number(bucket) >= baselineAt));
    const clockAt = Math.max(now, state.clockAt ?? 0);
    return { state: { lineId: state.lineId, baseline: state.baseline, baselineAt, pending, recent: [], active: null, spentUntil: now, clockAt }, changes: [change] };
  }

  /** Reports in the window needed to start a disruption at this baseline. */
  threshold(baseline: number): number {
    const c = this.config;
    const expected = Math.max(baseline, c.baselineFloor) * (c.windowMs / c.bucketMs);
    return Math.max(c.minReports, Math.ceil(c.startFactor * expected));
  }

  /** Folds the buckets that have left the window into the EWMA (and drops their counts from `pending`). */
  private foldBaseline(state: LineBurstState, pending: Record<string, number>, now: number): { baseline: number; baselineAt: number } {
    const c = this.config;
    const foldUntil = Math.floor((now - c.windowMs) / c.bucketMs) * c.bucketMs;
    const drop = (until: number) => {
      for (const bucket of Object.keys(pending)) if (Number(bucket) < until) delete pending[bucket];
    };
    if (state.baselineAt === 0) return { baseline: state.baseline, baselineAt: Math.min(foldUntil, ...Object.keys(pending).map(Number)) };
    if (state.active || foldUntil <= state.baselineAt) return { baseline: state.baseline, baselineAt: state.baselineAt };
    let baseline = state.baseline;
    const buckets = (foldUntil - state.baselineAt) / c.bucketMs;
    if (buckets > MAX_FOLDED_BUCKETS) {
      baseline *= Math.pow(1 - c.baselineAlpha, buckets);
      drop(foldUntil);
      return { baseline, baselineAt: foldUntil };
    }
    for (let at = state.baselineAt; at < foldUntil; at += c.bucketMs) {
      baseline = (1 - c.baselineAlpha) * baseline + c.baselineAlpha * (pending[String(at)] ?? 0);
    }
    drop(foldUntil);
    return { baseline, baselineAt: foldUntil };
  }

  private open(lineId: string, recent: readonly RecentReport[], threshold: number, authors: number): ActiveDisruption {
    const c = this.config;
    const startedAt = recent[0]!.ts;
    const suspensions = recent.filter((r) => r.kind === 'suspension').length;
    const meanConfidence = recent.reduce((s, r) => s + r.confidence, 0) / recent.length;
    // 0.5 at the threshold, 1 at twice it; more distinct people, more trust
    const volume = Math.min(1, recent.length / (2 * threshold));
    const spread = Math.min(1, authors / (2 * c.minAuthors));
    const confidence = Math.round(meanConfidence * (0.25 + 0.5 * volume + 0.25 * spread) * 1000) / 1000;
    const base: ActiveDisruption = {
      disruptionId: disruptionIdOf(lineId, startedAt),
      startedAt,
      // "suspended" outranks "delayed" once a fair share of people say so
      kind: suspensions >= recent.length * 0.3 ? 'suspension' : 'delay',
      confidence,
      stationCounts: {},
      sampleTweets: [],
      lastReportAt: startedAt,
    };
    return this.extend(base, recent);
  }

  private extend(active: ActiveDisruption, reports: readonly RecentReport[]): ActiveDisruption {
    if (reports.length === 0) return active;
    const stationCounts: Record<string, number> = { ...active.stationCounts };
    for (const r of reports) for (const s of r.stations) stationCounts[s] = (stationCounts[s] ?? 0) + 1;
    const samples = [...active.sampleTweets];
    for (const r of reports) {
      if (samples.length >= this.config.maxSamples) break;
      if (!samples.some((s) => s.id === r.id)) samples.push({ id: r.id, text: r.text.slice(0, 280) });
    }
    const lastReportAt = Math.max(active.lastReportAt, ...reports.map((r) => r.ts));
    return { ...active, stationCounts, sampleTweets: samples, lastReportAt };
  }

  private describe(lineId: string, active: ActiveDisruption): Omit<DisruptionChange, 'status' | 'at' | 'endedAt'> {
    const stationIds = Object.entries(active.stationCounts)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .slice(0, this.config.maxStations)
      .map(([id]) => id);
    return {
      disruptionId: active.disruptionId,
      lineId,
      kind: active.kind,
      startedAt: active.startedAt,
      confidence: active.confidence,
      stationIds,
      sampleTweets: active.sampleTweets,
    };
  }
}
