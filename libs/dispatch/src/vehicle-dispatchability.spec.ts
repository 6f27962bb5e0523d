import { NOT_DISPATCHABLE, vehicleDispatchability, type DispatchabilityRules } from './vehicle-dispatchability';

const NOW = Date.UTC(2026, 10, 29, 9, 0, 0);
const rules: DispatchabilityRules = { dispatchableAvailability: ['parked', 'moving'], maxPositionAgeMs: 10 * 60_000 };

describe('vehicleDispatchability', () => {
  it('lets a free vehicle with a recent position go', () => {
    expect(vehicleDispatchability({ availability: 'parked', ts: NOW - 30_000, assigned: false }, NOW, rules)).toEqual({ dispatchable: true, reason: null, positionAgeMs: 30_000 });
    // exactly at the limit is still fresh; a vehicle clock ahead of ours is not stale
    expect(vehicleDispatchability({ availability: 'moving', ts: NOW - 10 * 60_000, assigned: false }, NOW, rules).dispatchable).toBe(true);
    expect(vehicleDispatchability({ availability: 'moving', ts: NOW + 5_000, assigned: false }, NOW, rules)).toMatchObject({ dispatchable: true, positionAgeMs: -5_000 });
  });

  it('treats a vehicle whose last position is older than the allowed age as unavailable', () => {
    expect(vehicleDispatchability({ availability: 'parked', ts: NOW - 10 * 60_000 - 1, assigned: false }, NOW, rules)).toEqual({
      dispatchable: false,
      reason: NOT_DISPATCHABLE.stalePosition,
      positionAgeMs: 10 * 60_000 + 1,
    });
  });

  it('names the first reason: availability, then a stale position, then an assignment', () => {
    const old = NOW - 3_600_000;
    expect(vehicleDispatchability({ availability: 'incident', ts: old, assigned: true }, NOW, rules).reason).toBe('availability');
    expect(vehicleDispatchability({ availability: 'offline', ts: NOW, assigned: false }, NOW, rules).reason).toBe('availability');
    expect(vehicleDispatchability({ availability: 'parked', ts: old, assigned: true }, NOW, rules).reason).toBe('stale-position');
    expect(vehicleDispatchability({ availability: 'parked', ts: NOW, assigned: true }, NOW, rules).reason).toBe('assigned');
  });
});
