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
 */
export interface BatteryState {
  readonly charging: HysteresisState;
  readonly resting: HysteresisState;
  /** running-voltage samples [ts, V], one per `batteryTrendSampleMs` at most */
  readonly samples: ReadonlyArray<readonly [number, number]>;
  readonly trendActive: boolean;
  /** reading time the current battery episode started, null when none is open */
  readonly openSince: number | null;
}

export const INITIAL_BATTERY: BatteryState = {
  charging: INITIAL_HYSTERESIS,
  resting: INITIAL_HYSTERESIS,
  samples: [],
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

export function stepBattery(
  state: BatteryState,
  reading: VehicleTelemetryV1,
  offset: string,
  config: VehicleAnalysisConfig,
): { state: BatteryState; finding: BatteryFinding | null } {
  const running = reading.ignition && reading.rpm >= config.runningRpm;
  const resting = !reading.ignition;
  const v = reading.batteryV;
  let { charging, resting: rest, samples, trendActive } = state;
  let finding: BatteryFinding | null = null;

  if (running) {
    const step = stepHysteresis(charging, v, reading.ts, offset, {
      direction: 'below',
      on: config.chargingLowV,
      off: config.chargingOkV,
      minMs: config.batteryMinMs,
    });
    charging = step.state;
    if (step.transition === 'fired') {
      finding = { mode: 'charging', episodeStart: charging.episodeStart!, fromOffset: charging.pendingFromOffset!, voltage: charging.peak! };
    }
    const last = samples[samples.length - 1];
    if (!last || reading.ts - last[0] >= config.batteryTrendSampleMs) {
      samples = [...samples, [reading.ts, v] as const].slice(-config.batteryTrendSamples);
    }
    const slope = slopePerHour(samples);
    const enough = samples.length >= Math.min(6, config.batteryTrendSamples);
    if (!trendActive && enough && slope <= config.batteryTrendVPerHour) {
      trendActive = true;
      finding ??= { mode: 'trend', episodeStart: samples[0]![0], fromOffset: offset, voltage: v, slopeVPerHour: slope };
    } else if (trendActive && slope >= 0) {
      trendActive = false;
    }
  } else if (!charging.active) {
    // a pending charging episode does not survive the engine stopping
    charging = INITIAL_HYSTERESIS;
  }

  if (resting) {
    const step = stepHysteresis(rest, v, reading.ts, offset, {
      direction: 'below',
      on: config.restingLowV,
      off: config.restingOkV,
      minMs: config.batteryMinMs,
    });
    rest = step.state;
    if (step.transition === 'fired') {
      finding ??= { mode: 'resting', episodeStart: rest.episodeStart!, fromOffset: rest.pendingFromOffset!, voltage: rest.peak! };
    }
  } else if (!rest.active) {
    rest = INITIAL_HYSTERESIS;
  }

  const anyActive = charging.active || rest.active || trendActive;
  let openSince = state.openSince;
  if (finding && openSince !== null) finding = null; // one battery finding per episode
  if (finding) openSince = finding.episodeStart;
  if (!anyActive) openSince = null;
  return { state: { charging, resting: rest, samples, trendActive, openSince }, finding };
}
