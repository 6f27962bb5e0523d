import type { LimitSpec } from '../catalogue/machine-catalogue';
import { seededRandom } from '../synthetic-telemetry';
import { fitLine } from './least-squares';
import { createTrendState, stepTrend, trendSeverity, type TrendConfig, type TrendEvent } from './trend.detector';

const limit: LimitSpec = { direction: 'above', value: 105, hysteresis: 3, minDurationSec: 30, severity: 'high' };
const cfg: TrendConfig = { bucketSec: 60, windowBuckets: 20, minBuckets: 8, minR2: 0.8, horizonSec: 28800, maxGapBuckets: 5, minRise: 3 };

function run(values: number[], stepSec = 5, spec = limit): TrendEvent[] {
  const state = createTrendState();
  const events: TrendEvent[] = [];
  values.forEach((value, i) => {
    const e = stepTrend(state, cfg, spec, 'coolantTempC', { ts: i * stepSec * 1000, metric: 'coolantTempC', value }, String(i));
    if (e) events.push(e);
  });
  return events;
}

describe('least squares', () => {
  it('fits an exact line', () => {
    expect(fitLine([0, 1, 2, 3], [1, 3, 5, 7])).toEqual({ slope: 2, intercept: 1, r2: 1 });
  });
  it('refuses a single x', () => {
    expect(fitLine([1, 1], [1, 2])).toBeNull();
  });
});

describe('trend detector', () => {
  it('predicts the time to limit of a steady climb, before the limit', () => {
    // 0.5 °C/min from 85 °C: the limit (105) is reached after 40 min
    const rand = seededRandom(3);
    const values = Array.from({ length: 12 * 40 }, (_, i) => 85 + (0.5 * i) / 12 + (rand() - 0.5) * 0.6);
    const events = run(values);
    expect(events.length).toBeGreaterThan(0);
    const first = events[0]!;
    expect(first.slopePerMin).toBeCloseTo(0.5, 1);
    // predicted arrival ≈ 40 min after the start
    const predictedArrivalMin = (first.points[first.points.length - 1]!.ts + first.timeToLimitSec * 1000) / 60_000;
    expect(predictedArrivalMin).toBeGreaterThan(36);
    expect(predictedArrivalMin).toBeLessThan(44);
  });

  it('stays quiet on a flat noisy series near the limit', () => {
    const rand = seededRandom(5);
    expect(run(Array.from({ length: 12 * 120 }, () => 103 + (rand() - 0.5) * 2))).toEqual([]);
  });

  it('ignores a rise too small to matter', () => {
    expect(run(Array.from({ length: 12 * 30 }, (_, i) => 85 + (0.05 * i) / 12))).toEqual([]);
  });

  it('ignores a falling value when the limit is above', () => {
    expect(run(Array.from({ length: 12 * 30 }, (_, i) => 100 - (0.5 * i) / 12))).toEqual([]);
  });

  it('watches falling values toward a minimum limit', () => {
    const oil: LimitSpec = { direction: 'below', value: 150, hysteresis: 20, minDurationSec: 10, severity: 'high' };
    const events = run(Array.from({ length: 12 * 30 }, (_, i) => 380 - (5 * i) / 12), 5, { ...oil });
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]!.slopePerMin).toBeLessThan(0);
  });

  it('restarts after a long silence', () => {
    const state = createTrendState();
    for (let i = 0; i < 12 * 10; i++) stepTrend(state, cfg, limit, 'c', { ts: i * 5000, metric: 'c', value: 80 + i / 12 }, String(i));
    expect(state.points.length).toBeGreaterThan(5);
    stepTrend(state, cfg, limit, 'c', { ts: 3_600_000, metric: 'c', value: 90 }, '999');
    expect(state.points).toEqual([]);
  });

  it('grades severity by time to limit', () => {
    expect([trendSeverity(600), trendSeverity(3600), trendSeverity(20000)]).toEqual(['high', 'medium', 'low']);
  });
});

describe('trend detector after a flat start', () => {
  it('predicts from the recent climb, not the flat part of the window', () => {
    // 20 min flat at 88 °C, then +0.4 °C/min: the limit (105) after 42.5 min of climbing
    const values = Array.from({ length: 12 * 60 }, (_, i) => (i < 240 ? 88 : 88 + (0.4 * (i - 240)) / 12));
    const first = run(values)[0]!;
    const arrival = first.points[first.points.length - 1]!.ts + first.timeToLimitSec * 1000;
    const actual = (240 * 5 + 42.5 * 60) * 1000;
    expect(Math.abs(arrival - actual)).toBeLessThan(3 * 60_000);
  });
});
