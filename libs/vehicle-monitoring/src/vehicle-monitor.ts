/* eslint-disable max-lines -- this is the one state machine of a vehicle (position, availability, crash, harsh driving, DTCs, overheating, battery) stepped as a pure function over plain JSON state. The detectors live in ./detectors; what stays here is the order in which they run and the publishing decisions that tie them together, which read best in one place. */
import type {
  Position,
  Severity,
  VehicleIncidentV1,
  VehicleStateV1,
  VehicleTelemetryV1,
} from '@tsunagu/contracts';
import { INITIAL_BATTERY, stepBattery, type BatteryFinding, type BatteryState } from './detectors/battery.detector';
import { detectCrash, INITIAL_CRASH, type CrashDetection, type CrashState } from './detectors/crash.detector';
import { stepDtcs, type DtcState } from './detectors/dtc.detector';
import {
  harshEventCount,
  INITIAL_HARSH,
  stepHarshDriving,
  type HarshState,
  type TripSummary,
} from './detectors/harsh-driving.detector';
import { INITIAL_HYSTERESIS, stepHysteresis, type HysteresisState } from './detectors/hysteresis';
import { DEFAULT_DTC_CATALOGUE, type DtcCatalogue } from './dtc/dtc-catalogue';
import { DEFAULT_VEHICLE_ANALYSIS_CONFIG, type VehicleAnalysisConfig } from './vehicle-analysis.config';

/** Bumped when a detector's behaviour changes; carried in every finding's evidence. */
export const VEHICLE_DETECTOR_VERSION = '1.0.0';

export type VehicleAvailability = VehicleStateV1['availability'];

/**
 * Everything vehicle monitoring remembers about one vehicle: plain JSON, so the
 * service stores it with the last processed offset and a restart or rebalance
 * resumes exactly where it stopped.
 */
export interface VehicleMonitorState {
  readonly vehicleId: string;
  readonly model: string;
  readonly lastTs: number;
  readonly lastSeq: number;
  readonly position: Position;
  readonly headingDeg: number;
  readonly speedKmh: number;
  readonly ignition: boolean;
  /** computed from the latest reading (never 'offline': that is decided by the absence of readings) */
  readonly availability: Exclude<VehicleAvailability, 'offline'>;
  /** what was last published on the vehicle state topic, and the reading time it carried */
  readonly publishedAvailability: VehicleAvailability | null;
  readonly publishedTs: number | null;
  readonly crash: CrashState;
  readonly harsh: HarshState;
  readonly dtcs: DtcState;
  readonly overheat: HysteresisState;
  readonly battery: BatteryState;
}

/** Where a reading came from: each finding names the offsets it was derived from. */
export interface ReadingOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface AnalysisStep {
  readonly state: VehicleMonitorState;
  readonly incidents: VehicleIncidentV1[];
  /** the vehicle state to publish, when availability changed or the last one is old enough */
  readonly vehicleState: VehicleStateV1 | null;
}

export interface AnalysisDeps {
  readonly config?: VehicleAnalysisConfig;
  readonly catalogue?: DtcCatalogue;
  /** the version of the rules `config` came from, recorded in every incident's evidence */
  readonly ruleVersion?: string;
}

function initialState(reading: VehicleTelemetryV1): VehicleMonitorState {
  return {
    vehicleId: reading.deviceId,
    model: reading.model,
    lastTs: -1,
    lastSeq: -1,
    position: reading.position,
    headingDeg: reading.headingDeg,
    speedKmh: reading.speedKmh,
    ignition: false,
    availability: 'parked',
    publishedAvailability: null,
    publishedTs: null,
    crash: INITIAL_CRASH,
    harsh: INITIAL_HARSH,
    dtcs: {},
    overheat: INITIAL_HYSTERESIS,
    battery: INITIAL_BATTERY,
  };
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

class IncidentBuilder {
  readonly incidents: VehicleIncidentV1[] = [];
  constructor(
    private readonly reading: VehicleTelemetryV1,
    private readonly origin: ReadingOrigin,
    private readonly ruleVersion: string | undefined,
  ) {}

  add(fields: {
    id: string;
    dedupKey: string;
    kind: VehicleIncidentV1['kind'];
    component: string;
    severity: Severity;
    summary: string;
    detector: string;
    readings: VehicleIncidentV1['evidence']['readings'];
    thresholds?: Record<string, number>;
    notes?: string;
    fromOffset?: string;
    dtc?: VehicleIncidentV1['dtc'];
    driverScore?: number;
  }): void {
    const vehicleId = this.reading.deviceId;
    this.incidents.push({
      findingId: `${vehicleId}:${fields.id}`,
      subjectId: vehicleId,
      component: fields.component,
      kind: fields.kind,
      severity: fields.severity,
      dedupKey: `${vehicleId}:${fields.dedupKey}`,
      detectedAt: this.reading.ts,
      summary: fields.summary.slice(0, 500),
      evidence: {
        detector: fields.detector,
        detectorVersion: VEHICLE_DETECTOR_VERSION,
        readings: fields.readings.slice(0, 500),
        ...(fields.thresholds ? { thresholds: fields.thresholds } : {}),
        ...(fields.notes ? { notes: fields.notes.slice(0, 2000) } : {}),
        ...(this.ruleVersion ? { ruleVersion: this.ruleVersion } : {}),
      },
      origin: {
        topic: this.origin.topic,
        partition: this.origin.partition,
        fromOffset: fields.fromOffset !== undefined && BigInt(fields.fromOffset) <= BigInt(this.origin.offset) ? fields.fromOffset : this.origin.offset,
        toOffset: this.origin.offset,
      },
      position: this.reading.position,
      ...(fields.dtc ? { dtc: fields.dtc } : {}),
      ...(fields.driverScore !== undefined ? { driverScore: fields.driverScore } : {}),
    });
  }
}

function crashIncident(b: IncidentBuilder, r: VehicleTelemetryV1, crash: CrashDetection, config: VehicleAnalysisConfig): void {
  const causes = [
    crash.magnitudeG >= config.crashG ? `${round(crash.magnitudeG, 1)} g acceleration spike` : null,
    crash.airbagDeployed ? 'airbag deployed' : null,
    crash.reportedByDevice ? 'crash reported by the vehicle' : null,
  ].filter(Boolean);
  b.add({
    id: `crash:${r.ts}`,
    dedupKey: `crash:${r.ts}`,
    kind: 'crash',
    component: 'body',
    severity: 'critical',
    summary: `Crash: ${causes.join(', ')} at ${round(r.speedKmh, 1)} km/h`,
    detector: 'crash',
    readings: [
      { ts: r.ts, metric: 'accelMagnitudeG', value: round(crash.magnitudeG, 3) },
      { ts: r.ts, metric: 'accelX', value: r.accel.x },
      { ts: r.ts, metric: 'accelY', value: r.accel.y },
      { ts: r.ts, metric: 'accelZ', value: r.accel.z },
      { ts: r.ts, metric: 'speedKmh', value: r.speedKmh },
      { ts: r.ts, metric: 'airbagDeployed', value: r.airbagDeployed ? 1 : 0 },
    ],
    thresholds: { crashG: config.crashG },
  });
}

function tripIncident(b: IncidentBuilder, r: VehicleTelemetryV1, trip: TripSummary, config: VehicleAnalysisConfig): void {
  const events = harshEventCount(trip.trip);
  if (events === 0 || trip.score >= config.driverScoreReportBelow) return;
  const c = trip.trip.counts;
  const severity: Severity = trip.score >= 80 ? 'low' : trip.score >= 60 ? 'medium' : 'high';
  b.add({
    id: `harsh-driving:trip:${trip.trip.startTs}`,
    dedupKey: `harsh-driving:trip:${trip.trip.startTs}`,
    kind: 'harsh-driving',
    component: 'driver',
    severity,
    summary:
      `Trip of ${round(trip.distanceKm, 1)} km scored ${trip.score}/100: ${c.hardBraking} hard braking, ` +
      `${c.hardAcceleration} hard acceleration, ${c.sharpCornering} sharp cornering, ${c.speeding} speeding ` +
      `(${round(trip.trip.speedingMs / 60_000, 1)} min, max ${round(trip.trip.maxSpeedKmh, 0)} km/h)`,
    detector: 'harsh-driving',
    readings: [
      ...trip.trip.events.map((e) => ({ ts: e.ts, metric: e.kind, value: e.value })),
      { ts: r.ts, metric: 'tripDistanceKm', value: round(trip.distanceKm, 3) },
      { ts: r.ts, metric: 'tripDurationSec', value: Math.round((trip.endTs - trip.trip.startTs) / 1000) },
    ],
    thresholds: {
      harshBrakeG: config.harshBrakeG,
      harshAccelG: config.harshAccelG,
      harshCornerG: config.harshCornerG,
      speedLimitKmh: config.speedLimitKmh,
    },
    fromOffset: trip.trip.startOffset,
    driverScore: trip.score,
  });
}

function batteryIncident(b: IncidentBuilder, r: VehicleTelemetryV1, f: BatteryFinding, config: VehicleAnalysisConfig): void {
  const summaries: Record<BatteryFinding['mode'], string> = {
    charging: `Battery not charging: ${f.voltage} V with the engine running (expected ≥ ${config.chargingLowV} V)`,
    resting: `Battery failing: ${f.voltage} V at rest (expected ≥ ${config.restingLowV} V)`,
    trend: `Battery voltage falling ${round(f.slopeVPerHour ?? 0, 2)} V/h while running over ${round((f.trendSpanMs ?? 0) / 60_000, 0)} min (now ${f.voltage} V)`,
  };
  b.add({
    id: `battery-failing:${f.mode}:${f.episodeStart}`,
    dedupKey: 'battery-failing',
    kind: 'battery-failing',
    component: 'battery',
    severity: f.mode === 'trend' ? 'medium' : 'high',
    summary: summaries[f.mode],
    detector: `battery-${f.mode}`,
    readings: [
      { ts: r.ts, metric: 'batteryV', value: r.batteryV },
      { ts: r.ts, metric: 'rpm', value: r.rpm },
      ...(f.mode === 'trend'
        ? [
            { ts: r.ts, metric: 'slopeVPerHour', value: round(f.slopeVPerHour ?? 0, 4) },
            { ts: r.ts, metric: 'trendSamples', value: f.trendSamples ?? 0 },
            { ts: r.ts, metric: 'trendSpanMin', value: round((f.trendSpanMs ?? 0) / 60_000, 1) },
            { ts: r.ts, metric: 'trendT', value: round(f.trendT ?? 0, 2) },
          ]
        : [{ ts: f.episodeStart, metric: 'worstBatteryV', value: f.voltage }]),
    ],
    thresholds:
      f.mode === 'charging'
        ? { onV: config.chargingLowV, offV: config.chargingOkV, minMs: config.batteryMinMs }
        : f.mode === 'resting'
          ? { onV: config.restingLowV, offV: config.restingOkV, minMs: config.batteryMinMs }
          : {
              slopeVPerHour: config.batteryTrendVPerHour,
              minSamples: config.batteryTrendMinSamples,
              minSpanMs: config.batteryTrendMinSpanMs,
              minT: config.batteryTrendMinT,
              settleMs: config.batteryTrendSettleMs,
            },
    fromOffset: f.fromOffset,
  });
}

/** moving / parked / in an incident, from the latest reading (offline is decided elsewhere) */
export function availabilityOf(
  state: Pick<VehicleMonitorState, 'crash' | 'overheat'>,
  reading: Pick<VehicleTelemetryV1, 'ignition' | 'speedKmh'>,
  config: VehicleAnalysisConfig = DEFAULT_VEHICLE_ANALYSIS_CONFIG,
): Exclude<VehicleAvailability, 'offline'> {
  if (state.crash.active || state.overheat.active) return 'incident';
  return reading.ignition && reading.speedKmh >= config.movingKmh ? 'moving' : 'parked';
}

function stateRecord(state: VehicleMonitorState, availability: VehicleAvailability): VehicleStateV1 {
  return {
    vehicleId: state.vehicleId,
    ts: Math.max(0, state.lastTs),
    position: state.position,
    headingDeg: state.headingDeg,
    speedKmh: state.speedKmh,
    availability,
  };
}

/**
 * Analyses one reading of one vehicle: crash, harsh driving per trip, diagnostic
 * codes, overheating, battery, availability. Pure: the clock is the reading's
 * `ts`, the state goes in and comes out, nothing else is touched.
 */
export function analyseReading(
  previous: VehicleMonitorState | null,
  reading: VehicleTelemetryV1,
  origin: ReadingOrigin,
  deps: AnalysisDeps = {},
): AnalysisStep {
  const config = deps.config ?? DEFAULT_VEHICLE_ANALYSIS_CONFIG;
  const catalogue = deps.catalogue ?? DEFAULT_DTC_CATALOGUE;
  const prev = previous ?? initialState(reading);
  const b = new IncidentBuilder(reading, origin, deps.ruleVersion);

  // a crash is never dropped, even from a late (resent) report; the crash window dedups it
  const crashStep = detectCrash(prev.crash, reading, config);
  if (crashStep.crash) crashIncident(b, reading, crashStep.crash, config);

  // a duplicate or older report (a device resending its buffer) changes nothing else
  if (reading.ts <= prev.lastTs) {
    return { state: { ...prev, crash: crashStep.state }, incidents: b.incidents, vehicleState: null };
  }

  let crash = crashStep.state;
  // a new trip after the crash window ends the incident
  if (crash.active && !crashStep.crash && reading.ignition && !prev.ignition && !reading.airbagDeployed) {
    crash = { ...crash, active: false };
  }

  const harsh = stepHarshDriving(prev.harsh, reading, origin.offset, crashStep.crash !== null, config);
  if (harsh.finished) tripIncident(b, reading, harsh.finished, config);

  const dtcs = stepDtcs(prev.dtcs, reading, origin.offset, config);
  for (const code of dtcs.newCodes) {
    const decoded = catalogue.decode(code);
    const active = dtcs.state[code]!;
    b.add({
      id: `diagnostic-code:${code}:${active.firstSeenTs}`,
      dedupKey: `diagnostic-code:${code}`,
      kind: 'diagnostic-code',
      component: decoded.system,
      severity: decoded.severity,
      summary: `${code}: ${decoded.description} (${decoded.system})`,
      detector: 'diagnostic-code',
      readings: [
        { ts: reading.ts, metric: 'coolantTempC', value: reading.coolantTempC },
        { ts: reading.ts, metric: 'batteryV', value: reading.batteryV },
        { ts: reading.ts, metric: 'rpm', value: reading.rpm },
        { ts: reading.ts, metric: 'speedKmh', value: reading.speedKmh },
      ],
      notes: decoded.known ? undefined : `code not in catalogue ${catalogue.version}`,
      dtc: { code: decoded.code, system: decoded.system, description: decoded.description },
    });
  }

  const overheat = stepHysteresis(prev.overheat, reading.coolantTempC, reading.ts, origin.offset, {
    direction: 'above',
    on: config.overheatOnC,
    off: config.overheatOffC,
    minMs: config.overheatMinMs,
  });
  if (overheat.transition === 'fired') {
    const peak = overheat.state.peak ?? reading.coolantTempC;
    b.add({
      id: `overheating:${overheat.state.episodeStart}`,
      dedupKey: 'overheating',
      kind: 'overheating',
      component: 'cooling',
      severity: peak >= config.overheatCriticalC ? 'critical' : 'high',
      summary: `Engine overheating: coolant ${reading.coolantTempC} °C (peak ${peak} °C) for ${Math.round((reading.ts - overheat.state.episodeStart!) / 1000)} s`,
      detector: 'overheating',
      readings: [
        { ts: reading.ts, metric: 'coolantTempC', value: reading.coolantTempC },
        { ts: overheat.state.episodeStart!, metric: 'peakCoolantTempC', value: peak },
        { ts: reading.ts, metric: 'rpm', value: reading.rpm },
      ],
      thresholds: { onC: config.overheatOnC, offC: config.overheatOffC, criticalC: config.overheatCriticalC, minMs: config.overheatMinMs },
      fromOffset: overheat.state.pendingFromOffset ?? undefined,
    });
  }

  const battery = stepBattery(prev.battery, reading, origin.offset, config);
  if (battery.finding) batteryIncident(b, reading, battery.finding, config);

  const availability = availabilityOf({ crash, overheat: overheat.state }, reading, config);
  const due = prev.publishedTs === null || reading.ts - prev.publishedTs >= config.stateIntervalMs;
  const publish = availability !== prev.publishedAvailability || due;
  const state: VehicleMonitorState = {
    ...prev,
    model: reading.model,
    lastTs: reading.ts,
    lastSeq: reading.seq,
    position: reading.position,
    headingDeg: reading.headingDeg,
    speedKmh: reading.speedKmh,
    ignition: reading.ignition,
    availability,
    crash,
    harsh: harsh.state,
    dtcs: dtcs.state,
    overheat: overheat.state,
    battery: battery.state,
    publishedAvailability: publish ? availability : prev.publishedAvailability,
    publishedTs: publish ? reading.ts : prev.publishedTs,
  };
  return { state, incidents: b.incidents, vehicleState: publish ? stateRecord(state, availability) : null };
}

/** A vehicle silent for `offlineAfterMs`: its offline state record, or null if already published. */
export function markOffline(state: VehicleMonitorState): { state: VehicleMonitorState; vehicleState: VehicleStateV1 | null } {
  if (state.publishedAvailability === 'offline') return { state, vehicleState: null };
  return {
    state: { ...state, publishedAvailability: 'offline' },
    vehicleState: { ...stateRecord(state, 'offline'), speedKmh: 0 },
  };
}
