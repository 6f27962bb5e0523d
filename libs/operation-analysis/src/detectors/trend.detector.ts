import type { Severity } from '@tsunagu/contracts';
import type { LimitSpec, TrendDefaults } from '../catalogue/machine-catalogue';
import type { EvidenceReading, TrendState } from '../machine-state';
import { fitLine } from './least-squares';

export const TREND_DETECTOR = { name: 'least-squares-trend', version: '1.0.0' } as const;

export interface TrendConfig extends TrendDefaults {
  /** least change across the window that counts as a trend, metric unit */
  readonly minRise: number;
}

export interface TrendEvent {
  /** start of the bucket whose closing produced the prediction: identifies it */
  readonly bucketStart: number;
  readonly fromOffset: string;
  readonly severity: Severity;
  /** estimated seconds from the reading until the limit is reached */
  readonly timeToLimitSec: number;
  /** metric unit per minute, signed */
  readonly slopePerMin: number;
  readonly r2: number;
  /** the fitted value at the latest bucket */
  readonly fitted: number;
  readonly points: readonly EvidenceReading[];
}

export function createTrendState(): TrendState {
  return { bucketStart: -1, sum: 0, count: 0, bucketOffset: '0', points: [] };
}

export function trendSeverity(timeToLimitSec: number): Severity {
  if (timeToLimitSec <= 1800) return 'high';
  if (timeToLimitSec <= 7200) return 'medium';
  return 'low';
}

/**
 * One step of the trend detector (mutates `state`). Readings are averaged into
 * fixed buckets (noise and sampling rate stop mattering); when a bucket closes, a
 * least-squares line through the last `windowBuckets` bucket means is fitted.
 * A prediction is made when the line moves toward the limit, explains the data
 * (R² ≥ minR2), has moved at least `minRise` across the window, is still inside
 * the limit, and reaches it within `horizonSec`.
 */
export function stepTrend(
  state: TrendState,
  cfg: TrendConfig,
  limit: LimitSpec,
  metric: string,
  reading: EvidenceReading,
  offset: string,
): TrendEvent | null {
  const bucketMs = cfg.bucketSec * 1000;
  const bucket = Math.floor(reading.ts / bucketMs) * bucketMs;
  if (state.bucketStart === -1) {
    openBucket(state, bucket, reading.value, offset);
    return null;
  }
  if (bucket === state.bucketStart) {
    state.sum += reading.value;
    state.count += 1;
    return null;
  }
  if (bucket < state.bucketStart) return null; // older than the open bucket: out of order
  state.points.push([state.bucketStart + bucketMs / 2, state.sum / state.count, state.bucketOffset]);
  if ((bucket - state.bucketStart) / bucketMs > cfg.maxGapBuckets) state.points = [];
  if (state.points.length > cfg.windowBuckets) state.points.splice(0, state.points.length - cfg.windowBuckets);
  const closed = state.bucketStart;
  openBucket(state, bucket, reading.value, offset);
  if (state.points.length < cfg.minBuckets) return null;
  return evaluate(state, cfg, limit, metric, reading.ts, closed);
}

function openBucket(state: TrendState, bucket: number, value: number, offset: string): void {
  state.bucketStart = bucket;
  state.sum = value;
  state.count = 1;
  state.bucketOffset = offset;
}

/**
 * The whole window must have moved at least `minRise` toward the limit. Then both
 * the whole window and its most recent `minBuckets` points are fitted, and the
 * prediction that reaches the limit soonest is kept: right after a climb starts,
 * the whole window still holds the flat part before it and underestimates the slope.
 */
function evaluate(state: TrendState, cfg: TrendConfig, limit: LimitSpec, metric: string, now: number, closed: number): TrendEvent | null {
  const points = state.points;
  if (riseToward(points, limit) < cfg.minRise) return null;
  const candidates = points.length > cfg.minBuckets ? [points, points.slice(-cfg.minBuckets)] : [points];
  let best: Prediction | null = null;
  for (const window of candidates) {
    const p = predict(window, cfg, limit, now);
    if (p && (!best || p.timeToLimitSec < best.timeToLimitSec)) best = p;
  }
  if (!best) return null;
  return {
    bucketStart: closed,
    fromOffset: best.window[0]![2],
    severity: trendSeverity(best.timeToLimitSec),
    timeToLimitSec: best.timeToLimitSec,
    slopePerMin: best.slope * 60,
    r2: best.r2,
    fitted: best.fitted,
    points: best.window.map(([ts, value]) => ({ ts: Math.round(ts), metric, value: Math.round(value * 1000) / 1000 })),
  };
}

/** How far the least-squares line through the window moved toward the limit, metric unit. */
function riseToward(window: TrendState['points'], limit: LimitSpec): number {
  const t0 = window[0]![0];
  const fit = fitLine(
    window.map((p) => (p[0] - t0) / 1000),
    window.map((p) => p[1]),
  );
  if (!fit) return 0;
  const span = (window[window.length - 1]![0] - t0) / 1000;
  return (limit.direction === 'above' ? 1 : -1) * fit.slope * span;
}

interface Prediction {
  readonly window: TrendState['points'];
  readonly timeToLimitSec: number;
  /** metric unit per second */
  readonly slope: number;
  readonly r2: number;
  readonly fitted: number;
}

function predict(window: TrendState['points'], cfg: TrendConfig, limit: LimitSpec, now: number): Prediction | null {
  const t0 = window[0]![0];
  const xs = window.map((p) => (p[0] - t0) / 1000);
  const ys = window.map((p) => p[1]);
  const fit = fitLine(xs, ys);
  if (!fit) return null;
  const dir = limit.direction === 'above' ? 1 : -1;
  const towardLimit = dir * fit.slope; // metric unit per second, > 0 when heading for the limit
  if (towardLimit <= 0 || fit.r2 < cfg.minR2) return null;
  const xLast = xs[xs.length - 1]!;
  const fitted = fit.intercept + fit.slope * xLast;
  const remaining = dir * (limit.value - fitted);
  if (remaining <= 0) return null; // already beyond: the limit detector's business
  const sinceLastPoint = (now - window[window.length - 1]![0]) / 1000;
  const timeToLimitSec = Math.max(0, Math.round(remaining / towardLimit - sinceLastPoint));
  if (timeToLimitSec > cfg.horizonSec) return null;
  return { window, timeToLimitSec, slope: fit.slope, r2: fit.r2, fitted };
}
