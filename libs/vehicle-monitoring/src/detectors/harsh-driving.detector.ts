import type { VehicleTelemetryV1 } from '@tsunagu/contracts';
import type { VehicleAnalysisConfig } from '../vehicle-analysis.config';

export const HARSH_EVENT_KINDS = ['hardBraking', 'hardAcceleration', 'sharpCornering', 'speeding'] as const;
export type HarshEventKind = (typeof HARSH_EVENT_KINDS)[number];

/** Points a driver loses per event (out of 100 per trip), and per minute spent speeding. */
export const SCORE_PENALTY: Readonly<Record<HarshEventKind, number>> = {
  hardBraking: 6,
  hardAcceleration: 5,
  sharpCornering: 5,
  speeding: 4,
};
export const SPEEDING_PENALTY_PER_MINUTE = 2;
/** harsh events kept as evidence per trip */
const MAX_TRIP_EVENTS = 50;

export interface TripState {
  readonly startTs: number;
  readonly startOffset: string;
  readonly startOdometerKm: number;
  readonly counts: Readonly<Record<HarshEventKind, number>>;
  readonly speedingMs: number;
  readonly maxSpeedKmh: number;
  /** events as evidence: ts, kind, the value that crossed the threshold */
  readonly events: ReadonlyArray<{ readonly ts: number; readonly kind: HarshEventKind; readonly value: number }>;
}

export interface HarshState {
  readonly trip: TripState | null;
  /** per kind: currently beyond the threshold (an episode is counted once, re-armed when it drops back) */
  readonly inEpisode: Readonly<Record<HarshEventKind, boolean>>;
  readonly lastTs: number | null;
}

const NO_EPISODES: Record<HarshEventKind, boolean> = { hardBraking: false, hardAcceleration: false, sharpCornering: false, speeding: false };
const ZERO_COUNTS: Record<HarshEventKind, number> = { hardBraking: 0, hardAcceleration: 0, sharpCornering: 0, speeding: 0 };

export const INITIAL_HARSH: HarshState = { trip: null, inEpisode: NO_EPISODES, lastTs: null };

export interface TripSummary {
  readonly trip: TripState;
  readonly endTs: number;
  readonly endOffset: string;
  readonly distanceKm: number;
  readonly score: number;
}

/** Driver score 0..100 of a trip: 100 minus the penalties of its harsh events. */
export function driverScore(trip: Pick<TripState, 'counts' | 'speedingMs'>): number {
  let penalty = (trip.speedingMs / 60_000) * SPEEDING_PENALTY_PER_MINUTE;
  for (const kind of HARSH_EVENT_KINDS) penalty += trip.counts[kind] * SCORE_PENALTY[kind];
  return Math.round(Math.max(0, Math.min(100, 100 - penalty)) * 10) / 10;
}

export function harshEventCount(trip: Pick<TripState, 'counts'>): number {
  return HARSH_EVENT_KINDS.reduce((sum, kind) => sum + trip.counts[kind], 0);
}

function valuesOf(reading: VehicleTelemetryV1, config: VehicleAnalysisConfig): Record<HarshEventKind, number | null> {
  return {
    // x is forward: braking is negative longitudinal acceleration
    hardBraking: -reading.accel.x >= config.harshBrakeG ? reading.accel.x : null,
    hardAcceleration: reading.accel.x >= config.harshAccelG ? reading.accel.x : null,
    sharpCornering: Math.abs(reading.accel.y) >= config.harshCornerG ? reading.accel.y : null,
    speeding: reading.speedKmh > config.speedLimitKmh ? reading.speedKmh : null,
  };
}

/**
 * Harsh braking, acceleration, cornering and speeding, counted per trip
 * (ignition on → off). A finished trip comes back as a summary with its driver
 * score, instead of one finding per event. Readings that are crashes are not
 * harsh driving (the caller passes `isCrash`).
 */
export function stepHarshDriving(
  state: HarshState,
  reading: VehicleTelemetryV1,
  offset: string,
  isCrash: boolean,
  config: VehicleAnalysisConfig,
): { state: HarshState; finished: TripSummary | null } {
  if (!reading.ignition) {
    if (!state.trip) return { state: { ...state, inEpisode: NO_EPISODES, lastTs: reading.ts }, finished: null };
    const trip = state.trip;
    return {
      state: { trip: null, inEpisode: NO_EPISODES, lastTs: reading.ts },
      finished: {
        trip,
        endTs: reading.ts,
        endOffset: offset,
        distanceKm: Math.max(0, reading.odometerKm - trip.startOdometerKm),
        score: driverScore(trip),
      },
    };
  }
  const trip: TripState = state.trip ?? {
    startTs: reading.ts,
    startOffset: offset,
    startOdometerKm: reading.odometerKm,
    counts: ZERO_COUNTS,
    speedingMs: 0,
    maxSpeedKmh: 0,
    events: [],
  };
  const values = valuesOf(reading, config);
  // copied only when something changes: this runs for every reading of every vehicle
  let counts = trip.counts;
  let inEpisode = state.inEpisode;
  let events = trip.events;
  for (const kind of HARSH_EVENT_KINDS) {
    const value = isCrash && kind !== 'speeding' ? null : values[kind];
    const beyond = value !== null;
    if (beyond && !inEpisode[kind]) {
      counts = { ...counts, [kind]: counts[kind] + 1 };
      if (events.length < MAX_TRIP_EVENTS) events = [...events, { ts: reading.ts, kind, value }];
    }
    if (inEpisode[kind] !== beyond) inEpisode = { ...inEpisode, [kind]: beyond };
  }
  // time spent speeding: the interval since the previous reading, if both were speeding
  const dt = state.lastTs !== null && state.trip ? Math.max(0, Math.min(reading.ts - state.lastTs, 60_000)) : 0;
  const speedingMs = trip.speedingMs + (values.speeding !== null && state.inEpisode.speeding ? dt : 0);
  return {
    state: {
      trip: { ...trip, counts, speedingMs, maxSpeedKmh: Math.max(trip.maxSpeedKmh, reading.speedKmh), events },
      inEpisode,
      lastTs: reading.ts,
    },
    finished: null,
  };
}
