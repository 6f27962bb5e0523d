import { z } from 'zod';
import { envTypes, loadConfig } from '@tsunagu/platform';

/** Maintenance settings, from the environment (validated once, at start-up). */
export const maintenanceEnv = z.object({
  /** work orders per page when the request gives none */
  MAINTENANCE_PAGE_SIZE: envTypes.positiveInt.default(20),
});

export interface MaintenanceOptions {
  readonly defaultPageSize: number;
}

export function maintenanceOptionsFromEnv(env?: Record<string, string | undefined>): MaintenanceOptions {
  const c = loadConfig(maintenanceEnv, env);
  return { defaultPageSize: c.MAINTENANCE_PAGE_SIZE };
}
