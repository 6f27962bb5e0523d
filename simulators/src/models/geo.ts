import type { Position } from '@tsunagu/contracts';

const EARTH_RADIUS_M = 6_371_000;
const toRad = (d: number) => (d * Math.PI) / 180;
const toDeg = (r: number) => (r * 180) / Math.PI;

/** great-circle distance in metres */
export function distanceM(a: Position, b: Position): number {
  const dLat = toRad(b.lat - a.lat);
  const dLon = toRad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** initial bearing from a to b, degrees clockwise from north in [0, 360) */
export function bearingDeg(a: Position, b: Position): number {
  const y = Math.sin(toRad(b.lon - a.lon)) * Math.cos(toRad(b.lat));
  const x = Math.cos(toRad(a.lat)) * Math.sin(toRad(b.lat)) - Math.sin(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.cos(toRad(b.lon - a.lon));
  return (toDeg(Math.atan2(y, x)) + 360) % 360;
}

/** the point `meters` away from p on `headingDeg` (flat-earth step; fine for metres per tick) */
export function move(p: Position, headingDeg: number, meters: number): Position {
  const dLat = (meters * Math.cos(toRad(headingDeg))) / EARTH_RADIUS_M;
  const dLon = (meters * Math.sin(toRad(headingDeg))) / (EARTH_RADIUS_M * Math.cos(toRad(p.lat)));
  return { lat: p.lat + toDeg(dLat), lon: p.lon + toDeg(dLon) };
}

/** signed smallest difference b − a in degrees, in (−180, 180] */
export function headingDelta(a: number, b: number): number {
  let d = (b - a) % 360;
  if (d > 180) d -= 360;
  if (d <= -180) d += 360;
  return d;
}
