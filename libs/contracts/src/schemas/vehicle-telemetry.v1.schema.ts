import { z } from 'zod';
import { epochMsSchema, positionSchema } from './common.schema';

/** OBD-II style diagnostic trouble code, e.g. `P0217`. */
export const dtcSchema = z.string().regex(/^[PCBU][0-3][0-9A-F]{3}$/);

export const VEHICLE_REPORT_TYPES = ['periodic', 'event'] as const;
export const VEHICLE_EVENTS = ['crash', 'dtc', 'ignition', 'harsh'] as const;

/**
 * What a vehicle publishes on `tsunagu/v1/devices/{id}/telemetry`.
 * Periodic reports carry every reading; event reports (a crash, a new code)
 * are sent at once and carry at least the position.
 */
export const vehicleTelemetryPayloadV1Schema = z.object({
  seq: z.number().int().nonnegative(),
  ts: epochMsSchema,
  type: z.enum(VEHICLE_REPORT_TYPES).default('periodic'),
  event: z.enum(VEHICLE_EVENTS).optional(),
  ignition: z.boolean(),
  /** km/h */
  speedKmh: z.number().min(0).max(400),
  rpm: z.number().min(0).max(12000),
  /** °C */
  coolantTempC: z.number().min(-60).max(200),
  /** volts */
  batteryV: z.number().min(0).max(60),
  /** percent 0..100 */
  fuelLevelPct: z.number().min(0).max(100),
  odometerKm: z.number().nonnegative(),
  /** acceleration in g, x forward, y left, z up (gravity removed) */
  accel: z.object({ x: z.number().min(-100).max(100), y: z.number().min(-100).max(100), z: z.number().min(-100).max(100) }),
  airbagDeployed: z.boolean().default(false),
  dtcs: z.array(dtcSchema).max(64).default([]),
  position: positionSchema,
  /** degrees clockwise from north, 0..360 */
  headingDeg: z.number().min(0).max(360),
});
export type VehicleTelemetryPayloadV1 = z.infer<typeof vehicleTelemetryPayloadV1Schema>;

/** The Kafka record on `telemetry.vehicle.reported.v1`. */
export const vehicleTelemetryV1Schema = vehicleTelemetryPayloadV1Schema.extend({
  deviceId: z.string().min(1),
  model: z.string().min(1),
  receivedAt: epochMsSchema,
});
export type VehicleTelemetryV1 = z.infer<typeof vehicleTelemetryV1Schema>;
