import type { VehicleTelemetryV1 } from '@tsunagu/contracts';
import type { VehicleAnalysisConfig } from '../vehicle-analysis.config';

export interface CrashState {
  /** reading time of the last crash, null if none */
  readonly lastCrashTs: number | null;
  /** the airbag state of the previous report: only a deployment (false → true) counts */
  readonly airbagDeployed: boolean;
  /** the vehicle stays "in an incident" until a new trip starts after the crash */
  readonly active: boolean;
}

export const INITIAL_CRASH: CrashState = { lastCrashTs: null, airbagDeployed: false, active: false };

export interface CrashDetection {
  readonly magnitudeG: number;
  readonly airbagDeployed: boolean;
  readonly reportedByDevice: boolean;
}

/** Acceleration magnitude in g (x, y, z with gravity removed). */
export function accelMagnitudeG(accel: VehicleTelemetryV1['accel']): number {
  return Math.sqrt(accel.x * accel.x + accel.y * accel.y + accel.z * accel.z);
}

/**
 * A crash is an acceleration spike at or above `crashG`, an airbag deployment or
 * a crash event reported by the device. Reports within `crashWindowMs` of a crash
 * (the spike seen in several samples, the airbag reported after the spike) are
 * the same crash.
 */
export function detectCrash(
  state: CrashState,
  reading: VehicleTelemetryV1,
  config: VehicleAnalysisConfig,
): { state: CrashState; crash: CrashDetection | null } {
  const magnitudeG = accelMagnitudeG(reading.accel);
  const deployment = reading.airbagDeployed && !state.airbagDeployed;
  const reportedByDevice = reading.type === 'event' && reading.event === 'crash';
  const triggered = magnitudeG >= config.crashG || deployment || reportedByDevice;
  const sameCrash = state.lastCrashTs !== null && Math.abs(reading.ts - state.lastCrashTs) < config.crashWindowMs;
  if (!triggered || sameCrash) {
    return { state: state.airbagDeployed === reading.airbagDeployed ? state : { ...state, airbagDeployed: reading.airbagDeployed }, crash: null };
  }
  return {
    state: { lastCrashTs: reading.ts, airbagDeployed: reading.airbagDeployed, active: true },
    crash: { magnitudeG, airbagDeployed: reading.airbagDeployed, reportedByDevice },
  };
}
