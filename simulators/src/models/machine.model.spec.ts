import { machineTelemetryPayloadV1Schema } from '@tsunagu/contracts';
import { MACHINE_MODEL_IDS } from './catalogue';
import { MachineModel } from './machine.model';

const NOON_JST = Date.parse('2026-11-30T02:30:00Z'); // 11:30 in Tokyo
const NIGHT_JST = Date.parse('2026-11-30T14:00:00Z'); // 23:00 in Tokyo

function run(model: MachineModel, from: number, seconds: number, stepSec = 5) {
  const out = [];
  for (let t = 0; t <= seconds; t += stepSec) out.push(model.read(from + t * 1000));
  return out;
}

describe('MachineModel', () => {
  it.each(MACHINE_MODEL_IDS)('%s produces readings that satisfy the telemetry contract', (id) => {
    const m = new MachineModel({ model: id, seed: 7, startAt: NOON_JST });
    for (const r of run(m, NOON_JST, 3600)) {
      const parsed = machineTelemetryPayloadV1Schema.safeParse({ ...r, seq: 1 });
      expect(parsed.success ? 'ok' : parsed.error.message).toBe('ok');
    }
  });

  it('is deterministic for a seed', () => {
    const a = run(new MachineModel({ model: 'excavator-20t', seed: 3, startAt: NOON_JST }), NOON_JST, 600);
    const b = run(new MachineModel({ model: 'excavator-20t', seed: 3, startAt: NOON_JST }), NOON_JST, 600);
    expect(a).toEqual(b);
  });

  it('is off at night and warms up after the shift starts', () => {
    const m = new MachineModel({ model: 'excavator-20t', seed: 1, startAt: NIGHT_JST });
    const night = m.read(NIGHT_JST + 60_000);
    expect(night.engineState).toBe('off');
    expect(night.fuelRateLph).toBe(0);
    // 08:00 JST next morning = 23:00 UTC
    const shiftStart = Date.parse('2026-11-30T23:00:00Z');
    const series = run(m, shiftStart, 1200, 10);
    expect(series[0]!.engineState).toBe('idle');
    expect(series[0]!.coolantTempC).toBeLessThan(40);
    expect(series[series.length - 1]!.coolantTempC).toBeGreaterThan(70);
    // monotone-ish warm-up: the coolant after 5 minutes is well above the start
    expect(series[30]!.coolantTempC).toBeGreaterThan(series[0]!.coolantTempC + 20);
  });

  it('works in load cycles while on shift', () => {
    const m = new MachineModel({ model: 'excavator-20t', seed: 11, startAt: NOON_JST, shifts: false });
    const series = run(m, NOON_JST, 7200, 2).filter((r) => r.engineState === 'working');
    expect(series.length).toBeGreaterThan(100);
    const loads = series.map((r) => r.loadPct);
    expect(Math.max(...loads)).toBeGreaterThan(80);
    expect(Math.min(...loads)).toBeLessThan(40);
  });

  it('coolant-climbing drives the coolant past the model limit within minutes', () => {
    const m = new MachineModel({ model: 'excavator-20t', seed: 5, startAt: NOON_JST, shifts: false });
    run(m, NOON_JST, 600);
    const injectAt = NOON_JST + 600_000;
    m.inject('coolant-climbing', injectAt, 3);
    const after = run(m, injectAt, 600).filter((r) => r.engineState !== 'off');
    expect(after[after.length - 1]!.coolantTempC).toBeGreaterThan(105);
  });

  it('vibration-rising and hydraulic-leak move their quantities', () => {
    const base = new MachineModel({ model: 'crane-50t', seed: 9, startAt: NOON_JST, shifts: false });
    const faulty = new MachineModel({ model: 'crane-50t', seed: 9, startAt: NOON_JST, shifts: false });
    faulty.inject('vibration-rising', NOON_JST, 2);
    faulty.inject('hydraulic-leak', NOON_JST, 1.5);
    const a = run(base, NOON_JST, 900).slice(-20);
    const b = run(faulty, NOON_JST, 900).slice(-20);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(b.map((r) => r.vibrationRmsMmS))).toBeGreaterThan(mean(a.map((r) => r.vibrationRmsMmS)) + 20);
    expect(mean(b.map((r) => r.hydraulicTempC))).toBeGreaterThan(mean(a.map((r) => r.hydraulicTempC)) + 15);
  });
});
