/** Why a vehicle cannot take a new request now; `null` when it can. */
export const NOT_DISPATCHABLE = {
  /** the vehicle reported an availability that is not dispatchable (`incident`, `offline`) */
  availability: 'availability',
  /** its last known position is older than the allowed age: where it is now is unknown */
  stalePosition: 'stale-position',
  /** it already serves a request (never the same vehicle twice at once) */
  assigned: 'assigned',
} as const;
export type NotDispatchableReason = (typeof NOT_DISPATCHABLE)[keyof typeof NOT_DISPATCHABLE];

export interface DispatchabilityRules {
  /** availabilities a vehicle may be sent in (e.g. parked, moving) */
  readonly dispatchableAvailability: readonly string[];
  /** a position older than this (its own timestamp against the clock), ms, makes the vehicle unavailable */
  readonly maxPositionAgeMs: number;
}

export interface VehicleStatus {
  readonly availability: string;
  /** epoch ms of the vehicle's last state (position) */
  readonly ts: number;
  readonly assigned: boolean;
}

export interface Dispatchability {
  readonly dispatchable: boolean;
  readonly reason: NotDispatchableReason | null;
  /** now − the position's timestamp, ms (negative when the vehicle's clock runs ahead) */
  readonly positionAgeMs: number;
}

/**
 * Whether a vehicle can take a new request at `now` (wall clock, epoch ms). The
 * first reason that applies is named: its reported availability, then the age of
 * its position, then an active assignment.
 */
export function vehicleDispatchability(vehicle: VehicleStatus, now: number, rules: DispatchabilityRules): Dispatchability {
  const positionAgeMs = now - vehicle.ts;
  if (!rules.dispatchableAvailability.includes(vehicle.availability)) return { dispatchable: false, reason: NOT_DISPATCHABLE.availability, positionAgeMs };
  if (positionAgeMs > rules.maxPositionAgeMs) return { dispatchable: false, reason: NOT_DISPATCHABLE.stalePosition, positionAgeMs };
  if (vehicle.assigned) return { dispatchable: false, reason: NOT_DISPATCHABLE.assigned, positionAgeMs };
  return { dispatchable: true, reason: null, positionAgeMs };
}
