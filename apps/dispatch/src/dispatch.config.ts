import { z } from 'zod';
import { envTypes } from '@tsunagu/platform';

/** Dispatch settings, from the environment (validated once, at start-up). */
export const dispatchEnv = z.object({
  /** vehicles sent to each affected station */
  DISPATCH_VEHICLES_PER_STATION: envTypes.positiveInt.default(2),
  /** metres: vehicles farther than this from a station are not sent to it */
  DISPATCH_MAX_DISTANCE_M: envTypes.positiveInt.default(30_000),
  /**
   * ms: a vehicle whose last position (the `ts` of its latest vehicle state) is older than this,
   * against the wall clock, is treated as unavailable: not assigned, shown as `stale-position`
   */
  DISPATCH_MAX_POSITION_AGE_MS: envTypes.positiveInt.default(15 * 60_000),
});

export interface DispatchOptions {
  readonly vehiclesPerStation: number;
  readonly maxDistanceM: number;
  /** ms of wall clock */
  readonly maxPositionAgeMs: number;
}

export function dispatchOptionsFromEnv(c: z.infer<typeof dispatchEnv>): DispatchOptions {
  return { vehiclesPerStation: c.DISPATCH_VEHICLES_PER_STATION, maxDistanceM: c.DISPATCH_MAX_DISTANCE_M, maxPositionAgeMs: c.DISPATCH_MAX_POSITION_AGE_MS };
}
