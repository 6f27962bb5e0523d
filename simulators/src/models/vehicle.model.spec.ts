import { vehicleTelemetryPayloadV1Schema } from '@tsunagu/contracts';
import { VEHICLE_MODEL_IDS } from './catalogue';
import { VehicleModel } from './vehicle.model';

const T0 = Date.parse('2026-11-30T01:00:00Z');

function run(model: VehicleModel, from: number, seconds: number, stepSec = 1) {
  const out = [];
  for (let t = 0; t <= seconds; t += stepSec) out.push(...model.read(from + t * 1000));
  return out;
}

describe('VehicleModel', () => {
  it.each(VEHICLE_MODEL_IDS)('%s produces reports that satisfy the telemetry contract', (id) => {
    const v = new VehicleModel({ model: id, seed: 4, startAt: T0 });
    for (const r of run(v, T0, 1800, 2)) {
      const parsed = vehicleTelemetryPayloadV1Schema.safeParse({ ...r, seq: 1 });
      expect(parsed.success ? 'ok' : parsed.error.message).toBe('ok');
    }
  });

  it('drives around Tokyo: moves, stops, stays in the area, keeps accelerations plausible', () => {
    const v = new VehicleModel({ model: 'van-2t', seed: 8, startAt: T0 });
    const series = run(v, T0, 3600);
    const moving = series.filter((r) => r.speedKmh > 5);
    expect(moving.length).toBeGreaterThan(series.length / 4);
    expect(series.some((r) => r.speedKmh === 0)).toBe(true);
    for (const r of series) {
      expect(r.position.lat).toBeGreaterThan(35.4);
      expect(r.position.lat).toBeLessThan(35.9);
      expect(Math.abs(r.accel.x)).toBeLessThan(0.45);
      expect(Math.abs(r.accel.y)).toBeLessThan(0.6);
    }
    expect(series[series.length - 1]!.odometerKm).toBeGreaterThan(series[0]!.odometerKm + 5);
    expect(Math.max(...moving.map((r) => r.rpm))).toBeGreaterThan(1200);
  });

  it('a crash is one event report with a deceleration spike and the airbag', () => {
    const v = new VehicleModel({ model: 'sedan-1.8l', seed: 2, startAt: T0 });
    run(v, T0, 120);
    v.inject('crash', T0 + 121_000);
    const [event, periodic] = v.read(T0 + 121_000);
    expect(event).toMatchObject({ type: 'event', event: 'crash', airbagDeployed: true });
    expect(event!.accel.x).toBeLessThanOrEqual(-6);
    expect(periodic).toMatchObject({ type: 'periodic', speedKmh: 0, airbagDeployed: true });
    expect(v.read(T0 + 130_000)).toHaveLength(1);
  });

  it('a diagnostic code is announced once, then carried in every report', () => {
    const v = new VehicleModel({ model: 'van-2t', seed: 2, startAt: T0 });
    v.inject('dtc', T0 + 1000, { code: 'P0301' });
    const first = v.read(T0 + 1000);
    expect(first.map((r) => r.event)).toEqual(['dtc', undefined]);
    expect(v.read(T0 + 2000)[0]!.dtcs).toEqual(['P0301']);
  });

  it('battery-failing sags the charging voltage below 12.6 V; coolant-climbing overheats', () => {
    const v = new VehicleModel({ model: 'van-2t', seed: 6, startAt: T0 });
    v.inject('battery-failing', T0, { ratePerMin: 0.5 });
    v.inject('coolant-climbing', T0, { ratePerMin: 5 });
    const late = run(v, T0, 600).slice(-30).filter((r) => r.ignition);
    expect(late.length).toBeGreaterThan(0);
    expect(Math.max(...late.map((r) => r.batteryV))).toBeLessThan(12.6);
    expect(Math.min(...late.map((r) => r.coolantTempC))).toBeGreaterThan(110);
  });
});
