import { z } from 'zod';
import { envTypes } from '@tsunagu/platform';
import { DEFAULT_VEHICLE_ANALYSIS_CONFIG, type VehicleAnalysisConfig } from '@tsunagu/vehicle-monitoring';

/** Vehicle-monitoring settings, from the environment (validated once, at start-up). */
export const vehicleMonitoringEnv = z.object({
  /** ms without a report after which a vehicle is published as offline */
  VEHICLE_MONITORING_OFFLINE_AFTER_MS: envTypes.positiveInt.default(300_000),
  /** ms between two runs of the offline sweep */
  VEHICLE_MONITORING_OFFLINE_SWEEP_MS: envTypes.positiveInt.default(30_000),
  /** ms of reading time between two position updates of a vehicle whose availability did not change */
  VEHICLE_MONITORING_STATE_INTERVAL_MS: envTypes.positiveInt.default(DEFAULT_VEHICLE_ANALYSIS_CONFIG.stateIntervalMs),
  /** crash threshold, acceleration magnitude in g */
  VEHICLE_MONITORING_CRASH_G: z.coerce.number().positive().default(DEFAULT_VEHICLE_ANALYSIS_CONFIG.crashG),
  /** speeding threshold, km/h */
  VEHICLE_MONITORING_SPEED_LIMIT_KMH: z.coerce.number().positive().default(DEFAULT_VEHICLE_ANALYSIS_CONFIG.speedLimitKmh),
  /** ms between two reads of the vehicle alarm-rule overrides (changes made through another instance apply within this) */
  VEHICLE_MONITORING_ALARM_RULES_POLL_MS: envTypes.positiveInt.default(5000),
});

export interface VehicleMonitoringOptions {
  readonly offlineAfterMs: number;
  readonly offlineSweepMs: number;
  /** the base thresholds; operators' overrides per model and vehicle apply on top */
  readonly analysis: VehicleAnalysisConfig;
  /** ms between reloads of the alarm-rule overrides */
  readonly rulesPollMs: number;
}

export function vehicleMonitoringOptionsFromEnv(c: z.infer<typeof vehicleMonitoringEnv>): VehicleMonitoringOptions {
  return {
    offlineAfterMs: c.VEHICLE_MONITORING_OFFLINE_AFTER_MS,
    offlineSweepMs: c.VEHICLE_MONITORING_OFFLINE_SWEEP_MS,
    rulesPollMs: c.VEHICLE_MONITORING_ALARM_RULES_POLL_MS,
    analysis: {
      ...DEFAULT_VEHICLE_ANALYSIS_CONFIG,
      stateIntervalMs: c.VEHICLE_MONITORING_STATE_INTERVAL_MS,
      crashG: c.VEHICLE_MONITORING_CRASH_G,
      speedLimitKmh: c.VEHICLE_MONITORING_SPEED_LIMIT_KMH,
    },
  };
}
