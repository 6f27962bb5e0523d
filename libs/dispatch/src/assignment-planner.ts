import { haversineMeters, type LatLon } from './haversine';

export interface OpenRequest {
  readonly requestId: string;
  readonly position: LatLon;
  /** vehicles still wanted */
  readonly wanted: number;
}

export interface FreeVehicle {
  readonly vehicleId: string;
  readonly position: LatLon;
}

export interface PlannedAssignment {
  readonly requestId: string;
  readonly vehicleId: string;
  /** great-circle distance, metres */
  readonly distanceM: number;
}

/**
 * Nearest-first assignment: every (request, vehicle) pair by great-circle
 * distance, shortest first; a pair is taken while the request still wants
 * vehicles and the vehicle is still free. Each vehicle goes to at most one
 * request; ties are broken by ids, so the plan is deterministic.
 * `maxDistanceM` leaves requests unserved rather than sending a vehicle across the region.
 */
export function planAssignments(
  requests: readonly OpenRequest[],
  vehicles: readonly FreeVehicle[],
  maxDistanceM = Number.POSITIVE_INFINITY,
): PlannedAssignment[] {
  const pairs: PlannedAssignment[] = [];
  for (const r of requests) {
    if (r.wanted <= 0) continue;
    for (const v of vehicles) {
      const distanceM = haversineMeters(r.position, v.position);
      if (distanceM <= maxDistanceM) pairs.push({ requestId: r.requestId, vehicleId: v.vehicleId, distanceM });
    }
  }
  pairs.sort((a, b) => a.distanceM - b.distanceM || a.requestId.localeCompare(b.requestId) || a.vehicleId.localeCompare(b.vehicleId));
  const wanted = new Map(requests.map((r) => [r.requestId, r.wanted]));
  const taken = new Set<string>();
  const plan: PlannedAssignment[] = [];
  for (const p of pairs) {
    const left = wanted.get(p.requestId) ?? 0;
    if (left <= 0 || taken.has(p.vehicleId)) continue;
    taken.add(p.vehicleId);
    wanted.set(p.requestId, left - 1);
    plan.push({ ...p, distanceM: Math.round(p.distanceM) });
  }
  return plan;
}
