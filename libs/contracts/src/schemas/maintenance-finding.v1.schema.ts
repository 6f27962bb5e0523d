import { z } from 'zod';
import { findingEnvelopeSchema } from './finding-envelope.schema';

export const MAINTENANCE_FINDING_KINDS = ['limit-crossed', 'anomaly', 'trend', 'service-due'] as const;

/** `maintenance.finding.detected.v1`: operation analysis → maintenance management. */
export const maintenanceFindingV1Schema = findingEnvelopeSchema.extend({
  kind: z.enum(MAINTENANCE_FINDING_KINDS),
  /** machine model id, e.g. `excavator-20t` */
  model: z.string().min(1),
  site: z.string().optional(),
  engineHours: z.number().nonnegative().optional(),
  /** trend findings: estimated seconds until the limit is reached */
  predictedTimeToLimitSec: z.number().nonnegative().optional(),
});
export type MaintenanceFindingV1 = z.infer<typeof maintenanceFindingV1Schema>;
