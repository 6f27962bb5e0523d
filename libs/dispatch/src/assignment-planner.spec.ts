import { planAssignments } from './assignment-planner';
import { haversineMeters } from './haversine';

const SHINJUKU = { lat: 35.6896, lon: 139.7006 };
const SHIBUYA = { lat: 35.658, lon: 139.7016 };
const TOKYO = { lat: 35.6812, lon: 139.7671 };

describe('haversineMeters', () => {
  it('measures great-circle distances', () => {
    expect(haversineMeters(SHINJUKU, SHINJUKU)).toBe(0);
    // Shinjuku–Tokyo ≈ 6.1 km, Shinjuku–Shibuya ≈ 3.5 km
    expect(haversineMeters(SHINJUKU, TOKYO)).toBeGreaterThan(5900);
    expect(haversineMeters(SHINJUKU, TOKYO)).toBeLessThan(6300);
    expect(haversineMeters(SHINJUKU, SHIBUYA)).toBeCloseTo(haversineMeters(SHIBUYA, SHINJUKU), 6);
  });
});

describe('planAssignments', () => {
  const near = (p: { lat: number; lon: number }, dLat: number) => ({ lat: p.lat + dLat, lon: p.lon });

  it('sends the nearest vehicles to each station, never one vehicle twice', () => {
    const plan = planAssignments(
      [
        { requestId: 'shinjuku', position: SHINJUKU, wanted: 2 },
        { requestId: 'shibuya', position: SHIBUYA, wanted: 1 },
      ],
      [
        { vehicleId: 'far', position: TOKYO },
        { vehicleId: 'sj-1', position: near(SHINJUKU, 0.001) },
        { vehicleId: 'sj-2', position: near(SHINJUKU, 0.004) },
        { vehicleId: 'sb-1', position: near(SHIBUYA, 0.002) },
      ],
    );
    expect(plan.map((p) => [p.requestId, p.vehicleId])).toEqual([
      ['shinjuku', 'sj-1'],
      ['shibuya', 'sb-1'],
      ['shinjuku', 'sj-2'],
    ]);
    expect(new Set(plan.map((p) => p.vehicleId)).size).toBe(plan.length);
  });

  it('leaves a request short when vehicles run out or are too far', () => {
    const plan = planAssignments([{ requestId: 'shinjuku', position: SHINJUKU, wanted: 3 }], [{ vehicleId: 'far', position: TOKYO }], 5000);
    expect(plan).toEqual([]);
  });
});
