import type { VehicleTelemetryV1 } from '@tsunagu/contracts';
import type { VehicleAnalysisConfig } from '../vehicle-analysis.config';
import { INITIAL_HYSTERESIS, stepHysteresis, type HysteresisState } from './hysteresis';

/**
 * Battery failing, two ways and a trend:
 * - engine running (rpm ≥ runningRpm): the alternator should hold 13.5–14.7 V; a
 *   voltage under load below `chargingLowV` means the battery is not being charged;
 * - engine off: a healthy resting battery is ~12.6 V; below `restingLowV` it is failing;
 * - trend: the running voltage falling by `batteryTrendVPerHour` or faster.
 * Each with hysteresis and a minimum duration; one battery finding is open at a time.
 *
 * The trend judges like with like: only the engine-running voltage under way (at
 * driving rpm; idling at a light a healthy regulator sags a few tenths), never the
 * resting voltage (12.6 V) against the charging voltage (14 V), and not in the first
 * `batteryTrendSettleMs` after an engine start (recharging after cranking). Each sample
 * is the mean of the running readings of one `batteryTrendSampleMs` (so one noisy
 * reading is not a sample), and a slope is judged only over at least
 * `batteryTrendMinSamples` samples spanning `batteryTrendMinSpanMs`, and only when it
 * is significant: `batteryTrendMinT` standard errors below zero. A handful of
 * readings a few minutes apart never make a trend.
 */
export interface BatteryState {
  readonly charging: HysteresisState;
  readonly resting: HysteresisState;
  /** running-voltage samples [mean ts, mean V], one per `batteryTrendSampleMs` */
  readonly samples: ReadonlyArray<readonly [number, number]>;
  /** the sample being accumulated: running readings since `start` (absent in states stored before it existed) */
  readonly bucket?: TrendBucket | null;
  /** reading time the engine was last seen starting; null while it is not running */
  readonly runningSince?: number | null;
  readonly trendActive: boolean;
  /** reading time the current battery episode started, null when none is open */
  readonly openSince: number | null;
}

export interface TrendBucket {
  readonly start: number;
  readonly n: number;
  /** sums of (ts − start) ms and V */
  readonly sumDt: number;
  readonly sumV: number;
}

export const INITIAL_BATTERY: BatteryState = {
  charging: INITIAL_HYSTERESIS,
  resting: INITIAL_HYSTERESIS,
  samples: [],
  bucket: null,
  runningSince: null,
  trendActive: false,
  openSince: null,
};

export type BatteryMode = 'charging' | 'resting' | 'trend';

export interface BatteryFinding {
  readonly mode: BatteryMode;
  readonly episodeStart: number;
  readonly fromOffset: string;
  /** worst voltage of the episode, or the latest voltage for a trend */
  readonly voltage: number;
  /** V per hour, trend findings only */
  readonly slopeVPerHour?: number;
  /** trend findings only: samples and the span (ms) the slope was fitted over, and its t statistic */
  readonly trendSamples?: number;
  readonly trendSpanMs?: number;
  readonly trendT?: number;
}

export interface TrendFit {
  /** V per hour */
  readonly slope: number;
  /** standard error of the slope, V per hour (0 for a perfect line) */
  readonly standardError: number;
  /** slope / standard error; ±Infinity for a perfect non-flat line, 0 when flat or undefined */
  readonly t: number;
}

/** Least-squares fit of (ts ms, V) samples: slope in V per hour with its standard error. */
export function fitTrend(samples: ReadonlyArray<readonly [number, number]>): TrendFit {
  const n = samples.length;
  if (n < 3) return { slope: slopePerHour(samples), standardError: Number.POSITIVE_INFINITY, t: 0 };
  const t0 = samples[0]![0];
  let sx = 0;
  let sy = 0;
  for (const [ts, v] of samples) {
    sx += (ts - t0) / 3_600_000;
    sy += v;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (const [ts, v] of samples) {
    const dx = (ts - t0) / 3_600_000 - mx;
    sxx += dx * dx;
    sxy += dx * (v - my);
  }
  if (sxx === 0) return { slope: 0, standardError: Number.POSITIVE_INFINITY, t: 0 };
  const slope = sxy / sxx;
  let ssr = 0;
  for (const [ts, v] of samples) {
    const residual = v - (my + slope * ((ts - t0) / 3_600_000 - mx));
    ssr += residual * residual;
  }
  const standardError = Math.sqrt(ssr / (n - 2) / sxx);
  // a perfect line (synthetic data, or a voltage quantised to a flat run) has no error
  const t = standardError > 1e-12 ? slope / standardError : slope === 0 ? 0 : Math.sign(slope) * Number.POSITIVE_INFINITY;
  return { slope, standardError, t };
}

/** Least-squares slope of (ts ms, V) samples, in V per hour. */
export function slopePerHour(samples: ReadonlyArray<readonly [number, number]>): number {
  const n = samples.length;
  if (n < 2) return 0;
  const t0 = samples[0]![0];
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const [ts, v] of samples) {
    const x = (ts - t0) / 3_600_000;
    sx += x;
    sy += v;
    sxx += x * x;
    sxy += x * v;
  }
  const denominator = n * sxx - sx * sx;
  return denominator === 0 ? 0 : (n * sxy - sx * sy) / denominator;
}

/**
 * One low-voltage watch (charging under load, or resting): the voltage below `on`
 * for `minMs` fires a finding of `mode`; back above `off` clears it.
 */
function stepLowVoltage(
  mode: 'charging' | 'resting',
  h: HysteresisState,
  v: number,
  ts: number,
  offset: string,
  on: number,
  off: number,
  minMs: number,
): { state: HysteresisState; finding: BatteryFinding | null } {
  const { state, transition } = stepHysteresis(h, v, ts, offset, { direction: 'below', on, off, minMs });
  if (transition !== 'fired') return { state, finding: null };
  return { state, finding: { mode, episodeStart: state.episodeStart!, fromOffset: state.pendingFromOffset!, voltage: state.peak! } };
}

export function stepBattery(
  state: BatteryState,
  reading: VehicleTelemetryV1,
  offset: string,
  config: VehicleAnalysisConfig,
): { state: BatteryState; finding: BatteryFinding | null } {
  const running = reading.ignition && reading.rpm >= config.runningRpm;
  const resting = !reading.ignition;
  const v = reading.batteryV;
  let { charging, resting: rest, trendActive } = state;
  let finding: BatteryFinding | null = null;
  const trend = stepTrend(state, reading, running, config);

  if (running) {
    ({ state: charging, finding } = stepLowVoltage('charging', charging, v, reading.ts, offset, config.chargingLowV, config.chargingOkV, config.batteryMinMs));
  } else if (!charging.active) {
    // a pending charging episode does not survive the engine stopping
    charging = INITIAL_HYSTERESIS;
  }

  // the trend is judged when a sample is added (at most once per sample period)
  if (trend.sampled) {
    const { samples } = trend;
    const fit = fitTrend(samples);
    const spanMs = samples.length > 0 ? samples[samples.length - 1]![0] - samples[0]![0] : 0;
    const enough = samples.length >= config.batteryTrendMinSamples && spanMs >= config.batteryTrendMinSpanMs;
    if (!trendActive && enough && fit.slope <= config.batteryTrendVPerHour && fit.t <= -config.batteryTrendMinT) {
      trendActive = true;
      finding ??= {
        mode: 'trend',
        episodeStart: samples[0]![0],
        fromOffset: offset,
        // the latest running sample: a trend may be judged as the engine stops, on a resting reading
        voltage: samples[samples.length - 1]![1],
        slopeVPerHour: fit.slope,
        trendSamples: samples.length,
        trendSpanMs: spanMs,
        trendT: Number.isFinite(fit.t) ? fit.t : -999,
      };
    } else if (trendActive && fit.slope >= 0) {
      trendActive = false;
    }
  }

  if (resting) {
    const step = stepLowVoltage('resting', rest, v, reading.ts, offset, config.restingLowV, config.restingOkV, config.batteryMinMs);
    rest = step.state;
    finding ??= step.finding;
  } else if (!rest.active) {
    rest = INITIAL_HYSTERESIS;
  }

  const anyActive = charging.active || rest.active || trendActive;
  let openSince = state.openSince;
  if (finding && openSince !== null) finding = null; // one battery finding per episode
  if (finding) openSince = finding.episodeStart;
  if (!anyActive) openSince = null;
  const unchanged =
    charging === state.charging &&
    rest === state.resting &&
    trend.samples === state.samples &&
    trend.bucket === state.bucket &&
    trend.runningSince === state.runningSince &&
    trendActive === state.trendActive &&
    openSince === state.openSince;
  if (unchanged) return { state, finding };
  return {
    state: { charging, resting: rest, samples: trend.samples, bucket: trend.bucket, runningSince: trend.runningSince, trendActive, openSince },
    finding,
  };
}

/**
 * Sampling for the trend: running readings under way (≥ `movingKmh`) after the settle time are accumulated
 * into one bucket per `batteryTrendSampleMs`; a bucket becomes a sample (its mean
 * time and voltage) when a running reading falls past its end, or when the engine
 * stops. Samples older than `batteryTrendWindowMs` before the newest are dropped.
 */
function stepTrend(
  state: BatteryState,
  reading: VehicleTelemetryV1,
  running: boolean,
  config: VehicleAnalysisConfig,
): { samples: ReadonlyArray<readonly [number, number]>; bucket: TrendBucket | null; runningSince: number | null; sampled: boolean } {
  let samples = state.samples;
  let bucket = state.bucket ?? null;
  if (!running) return { samples: bucket ? withSample(samples, bucket, config) : samples, bucket: null, runningSince: null, sampled: bucket !== null && bucket.n > 0 };
  // an engine seen running with no start on record (first reading, or a state from before) counts from now
  const runningSince = state.runningSince ?? reading.ts;
  // like with like: the voltage under way (alternator at driving rpm), not idling at a light, where a
  // healthy regulator sags a few tenths under the same electrical load
  const underWay = reading.speedKmh >= config.movingKmh;
  if (!underWay || reading.ts - runningSince < config.batteryTrendSettleMs) return { samples, bucket, runningSince, sampled: false };
  let sampled = false;
  if (bucket && reading.ts - bucket.start >= config.batteryTrendSampleMs) {
    samples = withSample(samples, bucket, config);
    sampled = bucket.n > 0;
    bucket = null;
  }
  bucket = bucket
    ? { ...bucket, n: bucket.n + 1, sumDt: bucket.sumDt + (reading.ts - bucket.start), sumV: bucket.sumV + reading.batteryV }
    : { start: reading.ts, n: 1, sumDt: 0, sumV: reading.batteryV };
  return { samples, bucket, runningSince, sampled };
}

/** The samples with the bucket's mean added (an empty bucket adds none), those past the window dropped. */
function withSample(samples: ReadonlyArray<readonly [number, number]>, bucket: TrendBucket, config: VehicleAnalysisConfig): ReadonlyArray<readonly [number, number]> {
  if (bucket.n === 0) return samples;
  const sample = [bucket.start + Math.round(bucket.sumDt / bucket.n), round3(bucket.sumV / bucket.n)] as const;
  return [...samples, sample].filter(([ts]) => sample[0] - ts <= config.batteryTrendWindowMs).slice(-config.batteryTrendSamples);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
