import { z } from 'zod';
import { epochMsSchema, positionSchema } from './common.schema';

export const MACHINE_ENGINE_STATES = ['off', 'idle', 'working', 'travelling'] as const;

/**
 * What a construction machine publishes on `tsunagu/v1/devices/{id}/telemetry`.
 * `seq` increases by one per reading per device, so consumers can drop the
 * duplicates at-least-once delivery allows.
 */
export const machineTelemetryPayloadV1Schema = z.object({
  seq: z.number().int().nonnegative(),
  ts: epochMsSchema,
  engineHours: z.number().nonnegative(),
  engineState: z.enum(MACHINE_ENGINE_STATES),
  /** °C */
  coolantTempC: z.number().min(-60).max(200),
  /** kPa */
  engineOilPressureKpa: z.number().min(0).max(2000),
  /** bar */
  hydraulicPressureBar: z.number().min(0).max(700),
  /** °C */
  hydraulicTempC: z.number().min(-60).max(200),
  /** vibration RMS, mm/s */
  vibrationRmsMmS: z.number().min(0).max(500),
  /** litres per hour */
  fuelRateLph: z.number().min(0).max(500),
  /** percent 0..100 */
  fuelLevelPct: z.number().min(0).max(100),
  /** percent of rated load 0..150 */
  loadPct: z.number().min(0).max(150),
  position: positionSchema,
});
export type MachineTelemetryPayloadV1 = z.infer<typeof machineTelemetryPayloadV1Schema>;

/** The Kafka record on `telemetry.machine.reported.v1`: the payload plus what the broker knows. */
export const machineTelemetryV1Schema = machineTelemetryPayloadV1Schema.extend({
  deviceId: z.string().min(1),
  /** model id from the device registry (e.g. `excavator-20t`) */
  model: z.string().min(1),
  /** broker receive time, epoch ms */
  receivedAt: epochMsSchema,
});
export type MachineTelemetryV1 = z.infer<typeof machineTelemetryV1Schema>;
