import { z } from 'zod';
import { envTypes } from '@tsunagu/platform';

/** Maintenance settings, from the environment (validated once, at start-up). */
export const maintenanceEnv = z.object({
  /** work orders per page when the request gives none */
  MAINTENANCE_PAGE_SIZE: envTypes.positiveInt.default(20),
});

export interface MaintenanceOptions {
  readonly defaultPageSize: number;
}

export function maintenanceOptionsFromEnv(env: z.infer<typeof maintenanceEnv>): MaintenanceOptions {
  return { defaultPageSize: env.MAINTENANCE_PAGE_SIZE };
}
