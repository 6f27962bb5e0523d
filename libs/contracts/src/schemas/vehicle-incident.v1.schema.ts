import { z } from 'zod';
import { positionSchema } from './common.schema';
import { findingEnvelopeSchema } from './finding-envelope.schema';

export const VEHICLE_INCIDENT_KINDS = [
  'crash',
  'harsh-driving',
  'diagnostic-code',
  'overheating',
  'battery-failing',
] as const;

/** `vehicle.incident.detected.v1`: vehicle monitoring → call centre. */
export const vehicleIncidentV1Schema = findingEnvelopeSchema.extend({
  kind: z.enum(VEHICLE_INCIDENT_KINDS),
  /** where the vehicle was when the incident was detected */
  position: positionSchema,
  /** diagnostic-code incidents: the decoded code */
  dtc: z.object({ code: z.string(), system: z.string(), description: z.string() }).optional(),
  /** harsh-driving incidents: the trip's driver score 0..100 */
  driverScore: z.number().min(0).max(100).optional(),
});
export type VehicleIncidentV1 = z.infer<typeof vehicleIncidentV1Schema>;
