import { z } from 'zod';
import { epochMsSchema, positionSchema } from './common.schema';

export const VEHICLE_AVAILABILITY = ['moving', 'parked', 'incident', 'offline'] as const;

/** `vehicle.state.updated.v1` (compacted): latest position and availability per vehicle. */
export const vehicleStateV1Schema = z.object({
  vehicleId: z.string().min(1),
  ts: epochMsSchema,
  position: positionSchema,
  headingDeg: z.number().min(0).max(360),
  speedKmh: z.number().min(0),
  availability: z.enum(VEHICLE_AVAILABILITY),
});
export type VehicleStateV1 = z.infer<typeof vehicleStateV1Schema>;
