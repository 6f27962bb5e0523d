/**
 * Vehicle tracks simplified for drawing: Douglas–Peucker (Douglas & Peucker 1973)
 * with the tolerance in metres. Distances are measured on a local equirectangular
 * projection around the track's mean latitude, accurate to well under 1 % over a
 * city-sized track, which is all a tolerance of a few metres needs. Iterative (an
 * explicit stack), so a month of positions cannot overflow the call stack.
 */

export interface TrackPoint {
  /** epoch ms */
  readonly ts: number;
  readonly lat: number;
  readonly lon: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Point-to-segment distance in metres on the projection (x east, y north). */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The points kept (first and last always), in their original order. */
export function simplifyTrack<T extends TrackPoint>(points: readonly T[], toleranceM: number): T[] {
  if (points.length <= 2 || toleranceM <= 0) return [...points];
  const meanLat = points.reduce((s, p) => s + p.lat, 0) / points.length;
  const kx = Math.cos(meanLat * RAD) * RAD * EARTH_RADIUS_M;
  const ky = RAD * EARTH_RADIUS_M;
  const xs = points.map((p) => p.lon * kx);
  const ys = points.map((p) => p.lat * ky);
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let worst = -1;
    let worstAt = -1;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance(xs[i]!, ys[i]!, xs[first]!, ys[first]!, xs[last]!, ys[last]!);
      if (d > worst) {
        worst = d;
        worstAt = i;
      }
    }
    if (worst > toleranceM) {
      keep[worstAt] = 1;
      stack.push([first, worstAt], [worstAt, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/**
 * Simplified to at most `maxPoints`: the tolerance doubles from `toleranceM` until
 * the track fits. Returns the tolerance that was used.
 */
export function simplifyTrackTo<T extends TrackPoint>(points: readonly T[], toleranceM: number, maxPoints: number): { points: T[]; toleranceM: number } {
  let tolerance = toleranceM;
  let out = simplifyTrack(points, tolerance);
  while (out.length > maxPoints && maxPoints >= 2) {
    tolerance = tolerance > 0 ? tolerance * 2 : 1;
    out = simplifyTrack(out, tolerance);
  }
  return { points: out, toleranceM: tolerance };
}
