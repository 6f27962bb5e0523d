import { TOPICS, vehicleIncidentV1Schema, vehicleStateV1Schema, type VehicleTelemetryV1 } from '@tsunagu/contracts';
import { DEFAULT_DTC_CATALOGUE, DtcCatalogue } from './dtc/dtc-catalogue';
import { analyseReading, markOffline, type VehicleMonitorState } from './vehicle-monitor';
import { DEFAULT_VEHICLE_ANALYSIS_CONFIG as CFG } from './vehicle-analysis.config';
import { vehicleReading } from './testing/vehicle-reading.fixture';
import type { VehicleIncidentV1, VehicleStateV1 } from '@tsunagu/contracts';

const T0 = 1_764_403_200_000;

function reading(over: Partial<VehicleTelemetryV1> = {}): VehicleTelemetryV1 {
  return vehicleReading({ ts: T0, ...over });
}

/** Feeds readings in order (offsets 0, 1, 2…) and collects what comes out. */
function run(readings: VehicleTelemetryV1[], start: VehicleMonitorState | null = null, firstOffset = 0) {
  let state = start;
  const incidents: VehicleIncidentV1[] = [];
  const states: VehicleStateV1[] = [];
  readings.forEach((r, i) => {
    const step = analyseReading(state, r, { topic: TOPICS.vehicleTelemetry, partition: 0, offset: String(firstOffset + i) });
    state = step.state;
    incidents.push(...step.incidents);
    if (step.vehicleState) states.push(step.vehicleState);
  });
  return { state: state!, incidents, states };
}

/** n readings one `stepMs` apart, built by `f(i)` */
function series(n: number, stepMs: number, f: (i: number) => Partial<VehicleTelemetryV1>, t0 = T0, seq0 = 0): VehicleTelemetryV1[] {
  return Array.from({ length: n }, (_, i) => reading({ seq: seq0 + i, ts: t0 + i * stepMs, ...f(i) }));
}

describe('DTC catalogue', () => {
  it('decodes the common codes from the data file', () => {
    expect(DEFAULT_DTC_CATALOGUE.size).toBeGreaterThanOrEqual(50);
    expect(DEFAULT_DTC_CATALOGUE.decode('P0217')).toMatchObject({ system: 'cooling', severity: 'critical', known: true });
    expect(DEFAULT_DTC_CATALOGUE.decode('P0562')).toMatchObject({ system: 'charging', description: 'System voltage low' });
    expect(DEFAULT_DTC_CATALOGUE.decode('p0300')).toMatchObject({ code: 'P0300', system: 'ignition', severity: 'high' });
  });

  it('decodes an unknown code to its domain instead of dropping it', () => {
    expect(DEFAULT_DTC_CATALOGUE.decode('P1A3F')).toMatchObject({ system: 'powertrain', known: false, severity: 'medium' });
    expect(DEFAULT_DTC_CATALOGUE.decode('U0999').description).toMatch(/Generic network code/);
  });

  it('refuses a catalogue with an unknown severity', () => {
    expect(() => new DtcCatalogue({ codes: { P0001: { system: 'x', description: 'y', severity: 'dire' } } }, 't')).toThrow();
  });
});

describe('crash', () => {
  it('emits a critical crash at once, with the position, on an acceleration spike', () => {
    const { incidents, states } = run([
      reading({ seq: 1, ts: T0 }),
      reading({ seq: 2, ts: T0 + 1000, accel: { x: -6, y: 1.5, z: 0.5 }, position: { lat: 35.7, lon: 139.8 } }),
    ]);
    expect(incidents).toHaveLength(1);
    const crash = vehicleIncidentV1Schema.parse(incidents[0]);
    expect(crash).toMatchObject({
      kind: 'crash',
      severity: 'critical',
      position: { lat: 35.7, lon: 139.8 },
      findingId: `veh-1:crash:${T0 + 1000}`,
      origin: { fromOffset: '1', toOffset: '1' },
    });
    expect(crash.evidence.readings.find((r) => r.metric === 'accelMagnitudeG')!.value).toBeCloseTo(6.2, 1);
    expect(states.at(-1)!.availability).toBe('incident');
  });

  it('treats the spike seen in several samples and the airbag reported after it as one crash', () => {
    const { incidents } = run([
      reading({ seq: 1, ts: T0, accel: { x: -8, y: 0, z: 0 } }),
      reading({ seq: 2, ts: T0 + 100, accel: { x: -5, y: 0, z: 0 } }),
      reading({ seq: 3, ts: T0 + 200, airbagDeployed: true, speedKmh: 0 }),
      ...series(10, 1000, () => ({ airbagDeployed: true, speedKmh: 0 }), T0 + 1000, 4),
    ]);
    expect(incidents.filter((i) => i.kind === 'crash')).toHaveLength(1);
  });

  it('detects an airbag deployment alone; a deployed airbag reported for an hour is one crash', () => {
    const { incidents } = run(series(120, 30_000, (i) => ({ airbagDeployed: i >= 5, speedKmh: i >= 5 ? 0 : 40 })));
    expect(incidents.filter((i) => i.kind === 'crash')).toHaveLength(1);
    expect(incidents[0]!.summary).toMatch(/airbag deployed/);
  });

  it('keeps the vehicle in an incident until a new trip starts', () => {
    const crash = run([reading({ seq: 1, ts: T0, accel: { x: -7, y: 0, z: 0 } })]);
    const parked = run(series(3, 120_000, () => ({ ignition: false, speedKmh: 0 }), T0 + 1000, 2), crash.state, 1);
    expect(parked.state.availability).toBe('incident');
    const restarted = run([reading({ seq: 10, ts: T0 + 600_000, ignition: true, speedKmh: 30 })], parked.state, 5);
    expect(restarted.state.availability).toBe('moving');
  });

  it('does not lose a crash from a late (resent) report', () => {
    const first = run([reading({ seq: 5, ts: T0 + 10_000 })]);
    const late = run([reading({ seq: 3, ts: T0 + 5_000, accel: { x: 0, y: 9, z: 0 } })], first.state, 1);
    expect(late.incidents.map((i) => i.kind)).toEqual(['crash']);
    expect(late.state.lastTs).toBe(T0 + 10_000);
  });
});

describe('harsh driving', () => {
  it('summarises a trip into one finding with a driver score at ignition off', () => {
    const trip = [
      ...series(5, 1000, () => ({})),
      ...series(2, 1000, () => ({ accel: { x: -0.6, y: 0, z: 0 } }), T0 + 5000, 5), // one braking episode over two samples
      ...series(2, 1000, () => ({}), T0 + 7000, 7),
      reading({ seq: 9, ts: T0 + 9000, accel: { x: -0.5, y: 0, z: 0 } }), // a second braking
      reading({ seq: 10, ts: T0 + 10_000, accel: { x: 0, y: 0.55, z: 0 } }), // cornering
      reading({ seq: 11, ts: T0 + 11_000, ignition: false, speedKmh: 0, odometerKm: 1012.5 }),
    ];
    const { incidents } = run(trip);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      kind: 'harsh-driving',
      driverScore: 100 - 2 * 6 - 5,
      severity: 'low',
      findingId: `veh-1:harsh-driving:trip:${T0}`,
      origin: { fromOffset: '0', toOffset: '11' },
    });
    expect(incidents[0]!.summary).toMatch(/12.5 km.*2 hard braking.*1 sharp cornering/);
  });

  it('counts speeding time and scores a bad trip high severity', () => {
    const trip = [
      ...series(12, 60_000, (i) => ({ speedKmh: i < 11 ? 140 : 60 })), // 10 minutes speeding
      reading({ seq: 20, ts: T0 + 13 * 60_000, ignition: false, speedKmh: 0 }),
    ];
    const { incidents } = run(trip);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.driverScore).toBe(100 - 4 - 10 * 2);
  });

  it('reports nothing for a calm trip', () => {
    const { incidents } = run([...series(20, 1000, () => ({})), reading({ seq: 30, ts: T0 + 30_000, ignition: false })]);
    expect(incidents).toHaveLength(0);
  });
});

describe('diagnostic codes', () => {
  it('reports a code that stays set once, not once per report', () => {
    const { incidents } = run(series(100, 1000, () => ({ dtcs: ['P0300'] })));
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      kind: 'diagnostic-code',
      severity: 'high',
      component: 'ignition',
      dtc: { code: 'P0300', system: 'ignition' },
      dedupKey: 'veh-1:diagnostic-code:P0300',
    });
  });

  it('clears a code after absent periodic reports and reports it again when it comes back', () => {
    const { incidents } = run([
      ...series(3, 1000, () => ({ dtcs: ['P0562'] })),
      reading({ seq: 3, ts: T0 + 3000, type: 'event', event: 'crash', dtcs: [], accel: { x: 0, y: 0, z: 0 } }),
      ...series(2, 1000, () => ({ dtcs: [] }), T0 + 4000, 4),
      reading({ seq: 6, ts: T0 + 6000, dtcs: ['P0562'] }), // absent twice only: still the same
      ...series(3, 1000, () => ({ dtcs: [] }), T0 + 7000, 7),
      reading({ seq: 10, ts: T0 + 10_000, dtcs: ['P0562', 'P0217'] }),
    ]);
    const dtc = incidents.filter((i) => i.kind === 'diagnostic-code');
    expect(dtc.map((i) => i.findingId)).toEqual([
      `veh-1:diagnostic-code:P0562:${T0}`,
      `veh-1:diagnostic-code:P0217:${T0 + 10_000}`,
      `veh-1:diagnostic-code:P0562:${T0 + 10_000}`,
    ]);
  });
});

describe('overheating', () => {
  it('fires once after the minimum duration and clears only below the off threshold', () => {
    const temps = [95, 112, 113, 115, 118, 111, 105, 109, 104, 112, 99, 98, 97, 96, 112, 113, 114, 115];
    const { incidents, states } = run(series(temps.length, 10_000, (i) => ({ coolantTempC: temps[i]! })));
    const over = incidents.filter((i) => i.kind === 'overheating');
    // 112 @10 s … fires @30 s (20 s held); hovering 104–112 stays active; 99…96 for 30 s clears; 112 again @140 s fires @160 s
    expect(over.map((i) => i.detectedAt - T0)).toEqual([30_000, 160_000]);
    expect(over[0]).toMatchObject({ severity: 'high', findingId: `veh-1:overheating:${T0 + 10_000}`, origin: { fromOffset: '1', toOffset: '3' } });
    expect(states.some((s) => s.availability === 'incident')).toBe(true);
  });

  it('is critical above the critical temperature', () => {
    const { incidents } = run(series(4, 10_000, () => ({ coolantTempC: 125 })));
    expect(incidents[0]!.severity).toBe('critical');
  });

  it('ignores a short spike', () => {
    const { incidents } = run(series(6, 5_000, (i) => ({ coolantTempC: i === 2 || i === 3 ? 115 : 90 })));
    expect(incidents).toHaveLength(0);
  });
});

describe('battery', () => {
  it('reports a battery not charging with the engine running, once per episode', () => {
    const { incidents } = run(series(30, 10_000, () => ({ batteryV: 12.1 })));
    const battery = incidents.filter((i) => i.kind === 'battery-failing');
    expect(battery).toHaveLength(1);
    expect(battery[0]).toMatchObject({ detectedAt: T0 + 60_000, severity: 'high', component: 'battery' });
  });

  it('reports a weak battery at rest', () => {
    const { incidents } = run(series(10, 30_000, () => ({ ignition: false, rpm: 0, speedKmh: 0, batteryV: 11.5 })));
    expect(incidents.map((i) => i.evidence.detector)).toEqual(['battery-resting']);
  });

  it('reports a falling running voltage as a trend before it is too low', () => {
    // 14.4 V falling 0.01 V a minute (−0.6 V/h), a reading every 10 s: judged after the settle time and the minimum span
    const { incidents } = run(series(180, 10_000, (i) => ({ batteryV: Math.round((14.4 - i / 600) * 1000) / 1000 })));
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.evidence.detector).toBe('battery-trend');
    expect(incidents[0]!.severity).toBe('medium');
  });

  it('does not fire when the engine stops before the minimum duration', () => {
    const { incidents } = run([
      ...series(3, 10_000, () => ({ batteryV: 12.0 })),
      ...series(3, 10_000, () => ({ ignition: false, rpm: 0, batteryV: 12.5 }), T0 + 30_000, 3),
      ...series(3, 10_000, () => ({ batteryV: 12.0 }), T0 + 60_000, 6),
    ]);
    expect(incidents).toHaveLength(0);
  });
});

describe('availability and state', () => {
  it('publishes on a change and at most every stateIntervalMs otherwise', () => {
    const { states } = run([
      ...series(10, 5_000, () => ({ speedKmh: 40 })), // 0..45 s moving: published at 0, 15, 30, 45 s
      reading({ seq: 10, ts: T0 + 47_000, speedKmh: 0, ignition: false }), // parked: published at once
    ]);
    expect(states.map((s) => [s.ts - T0, s.availability])).toEqual([
      [0, 'moving'],
      [15_000, 'moving'],
      [30_000, 'moving'],
      [45_000, 'moving'],
      [47_000, 'parked'],
    ]);
    states.forEach((s) => vehicleStateV1Schema.parse(s));
  });

  it('marks a silent vehicle offline once, and publishes again when it reports', () => {
    const first = run([reading({ seq: 1 })]);
    const offline = markOffline(first.state);
    expect(offline.vehicleState).toMatchObject({ availability: 'offline', vehicleId: 'veh-1' });
    expect(markOffline(offline.state).vehicleState).toBeNull();
    const back = run([reading({ seq: 2, ts: T0 + 1000, speedKmh: 0 })], offline.state, 1);
    expect(back.states.map((s) => s.availability)).toEqual(['parked']);
  });

  it('ignores duplicates and older reports', () => {
    const first = run(series(3, 1000, () => ({})));
    const again = run(series(3, 1000, () => ({ dtcs: ['P0300'] })), first.state, 3);
    expect(again.incidents).toHaveLength(0);
    expect(again.state).toEqual(first.state);
  });

  it('keeps the parts of the state a reading did not change as the same objects', () => {
    // a parked vehicle with a code that stays set: crash, overheating, codes and battery memory are unchanged
    const parked = series(3, 1000, () => ({ ignition: false, speedKmh: 0, rpm: 0, batteryV: 12.6, dtcs: ['P0300'] }));
    const before = run(parked.slice(0, 2)).state;
    const after = run(parked.slice(2), before, 2).state;
    expect(after.lastTs).toBeGreaterThan(before.lastTs);
    for (const part of ['crash', 'overheat', 'dtcs', 'battery'] as const) expect(after[part]).toBe(before[part]);
  });

  it('is deterministic: replaying the same readings gives the same findings', () => {
    const readings = [
      ...series(30, 5_000, (i) => ({ coolantTempC: i > 5 ? 115 : 90, dtcs: i > 10 ? ['P0217'] : [], accel: { x: i === 20 ? -0.6 : 0, y: 0, z: 0 } })),
      reading({ seq: 40, ts: T0 + 200_000, ignition: false, speedKmh: 0 }),
    ];
    const a = run(readings);
    const b = run(JSON.parse(JSON.stringify(readings)) as VehicleTelemetryV1[]);
    expect(a.incidents.map((i) => i.findingId)).toEqual(b.incidents.map((i) => i.findingId));
    expect(a.incidents.map((i) => i.kind).sort()).toEqual(['diagnostic-code', 'harsh-driving', 'overheating']);
    // state survives a JSON round trip (it is stored as jsonb)
    expect(JSON.parse(JSON.stringify(a.state))).toEqual(a.state);
  });
});

describe('config', () => {
  it('uses g, km/h and °C thresholds that make sense', () => {
    expect(CFG.overheatOffC).toBeLessThan(CFG.overheatOnC);
    expect(CFG.chargingLowV).toBeLessThan(CFG.chargingOkV);
    expect(CFG.crashG).toBeGreaterThan(CFG.harshBrakeG * 4);
  });
});
