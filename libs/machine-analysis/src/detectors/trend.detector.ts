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

function evaluate(state: TrendState, cfg: TrendConfig, limit: LimitSpec, metric: string, now: number, closed: number): TrendEvent | null {
  const points = state.points;
  const t0 = points[0]![0];
  const xs = points.map((p) => (p[0] - t0) / 1000);
  const ys = points.map((p) => p[1]);
  const fit = fitLine(xs, ys);
  if (!fit) return null;
  const dir = limit.direction === 'above' ? 1 : -1;
  const towardLimit = dir * fit.slope; // metric unit per second, > 0 when heading for the limit
  if (towardLimit <= 0 || fit.r2 < cfg.minR2) return null;
  const xLast = xs[xs.length - 1]!;
  if (towardLimit * xLast < cfg.minRise) return null;
  const fitted = fit.intercept + fit.slope * xLast;
  const remaining = dir * (limit.value - fitted);
  if (remaining <= 0) return null; // already beyond: the limit detector's business
  const sinceLastPoint = (now - points[points.length - 1]![0]) / 1000;
  const timeToLimitSec = Math.max(0, Math.round(remaining / towardLimit - sinceLastPoint));
  if (timeToLimitSec > cfg.horizonSec) return null;
  return {
    bucketStart: closed,
    fromOffset: points[0]![2],
    severity: trendSeverity(timeToLimitSec),
    timeToLimitSec,
    slopePerMin: fit.slope * 60,
    r2: fit.r2,
    fitted,
    points: points.map(([ts, value]) => ({ ts: Math.round(ts), metric, value: Math.round(value * 1000) / 1000 })),
  };
}
