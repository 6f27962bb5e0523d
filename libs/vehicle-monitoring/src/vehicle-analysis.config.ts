/**
 * Thresholds of the vehicle detectors. Units are in the names: g (standard
 * gravity, 9.81 m/s²), km/h, °C, V, ms (of reading time, not wall time).
 */
export interface VehicleAnalysisConfig {
  /** crash: acceleration magnitude at or above this (g) */
  readonly crashG: number;
  /** crash: a second spike or airbag report within this window belongs to the same crash */
  readonly crashWindowMs: number;
  /** harsh braking: longitudinal deceleration at or beyond this (g, negative x) */
  readonly harshBrakeG: number;
  /** harsh acceleration: longitudinal acceleration at or above this (g) */
  readonly harshAccelG: number;
  /** sharp cornering: lateral acceleration magnitude at or above this (g) */
  readonly harshCornerG: number;
  /** speeding: above this speed (km/h) */
  readonly speedLimitKmh: number;
  /** a vehicle faster than this is moving (km/h); below with ignition on it idles (parked) */
  readonly movingKmh: number;
  /** a finished trip is reported when its driver score (0..100) is below this; 100 = any harsh event */
  readonly driverScoreReportBelow: number;
  /** overheating: coolant at or above (°C) for `overheatMinMs` fires; below `overheatOffC` for `overheatMinMs` clears */
  readonly overheatOnC: number;
  readonly overheatOffC: number;
  readonly overheatCriticalC: number;
  readonly overheatMinMs: number;
  /** battery, engine running (rpm ≥ runningRpm): the alternator should hold 13.5–14.7 V; under `chargingLowV` it is not charging */
  readonly runningRpm: number;
  readonly chargingLowV: number;
  readonly chargingOkV: number;
  /** battery, engine off: a healthy resting battery is ~12.6 V; under `restingLowV` it is failing */
  readonly restingLowV: number;
  readonly restingOkV: number;
  readonly batteryMinMs: number;
  /**
   * battery trend: least-squares slope of the engine-running voltage, V per hour; at or
   * below this (and significant, see `batteryTrendMinT`) is a failing trend
   */
  readonly batteryTrendVPerHour: number;
  /** battery trend: one sample per this (ms of reading time): the mean of the running readings in it */
  readonly batteryTrendSampleMs: number;
  /** battery trend: samples kept at most (the newest) */
  readonly batteryTrendSamples: number;
  /** battery trend: samples needed before a slope is judged */
  readonly batteryTrendMinSamples: number;
  /** battery trend: ms of reading time the samples must span before a slope is judged */
  readonly batteryTrendMinSpanMs: number;
  /** battery trend: samples older than this (ms of reading time, from the newest) are dropped */
  readonly batteryTrendWindowMs: number;
  /**
   * battery trend: the slope must be at least this many standard errors below zero
   * (t statistic ≤ −this), so sensor noise and the ±0.1 V wobble of a healthy
   * regulator never make a "trend"
   */
  readonly batteryTrendMinT: number;
  /**
   * battery trend: running readings within this many ms after the engine starts are
   * not sampled: the alternator recharges what cranking took and the regulator runs
   * high while cold, a normal swing, not a trend
   */
  readonly batteryTrendSettleMs: number;
  /** a code absent from this many consecutive periodic reports is cleared */
  readonly dtcClearAfterReports: number;
  /** publish the vehicle state at least this often while reports arrive (ms of reading time) */
  readonly stateIntervalMs: number;
}

export const DEFAULT_VEHICLE_ANALYSIS_CONFIG: VehicleAnalysisConfig = {
  crashG: 4,
  crashWindowMs: 60_000,
  harshBrakeG: 0.45,
  harshAccelG: 0.35,
  harshCornerG: 0.45,
  speedLimitKmh: 120,
  movingKmh: 3,
  driverScoreReportBelow: 100,
  overheatOnC: 110,
  overheatOffC: 100,
  overheatCriticalC: 120,
  overheatMinMs: 20_000,
  runningRpm: 400,
  chargingLowV: 12.6,
  chargingOkV: 13.2,
  restingLowV: 11.9,
  restingOkV: 12.3,
  batteryMinMs: 60_000,
  batteryTrendVPerHour: -0.5,
  batteryTrendSampleMs: 60_000,
  batteryTrendSamples: 30,
  batteryTrendMinSamples: 10,
  batteryTrendMinSpanMs: 15 * 60_000,
  batteryTrendWindowMs: 60 * 60_000,
  batteryTrendMinT: 4,
  batteryTrendSettleMs: 120_000,
  dtcClearAfterReports: 3,
  stateIntervalMs: 15_000,
};
