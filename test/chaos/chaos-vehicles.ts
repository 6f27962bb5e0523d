/**
 * Pair 2 in the chaos suite: vans whose readings hold known incidents (a crash, an
 * overheating engine), checked against vehicle monitoring's stored state and the
 * call centre's cases (one per vehicle and kind while open: one per episode here).
 */
import type { Client } from 'pg';
import { TOPICS, type VehicleTelemetryPayloadV1 } from '@tsunagu/contracts';
import { analyseReading, type VehicleMonitorState } from '@tsunagu/vehicle-monitoring';
import type { Device } from '../../apps/operation-analysis/test/pair1-fixtures';
import { expectedFindings, vanReading, VEHICLE_MODEL } from '../../apps/vehicle-monitoring/test/vehicle-fleet';
import type { ServiceProcess } from '../support/service-process';
import { DevicePublisher, episodesOf, type FleetOptions } from './chaos-fleet';
import { canonical, itemsOf } from './chaos-probes';
import { runEpoch } from './chaos-machines';
import type { Verification } from './chaos-verify';

export { VEHICLE_MODEL };

type Kind = 'crash' | 'overheating';

/** Vehicle `i`'s incidents: even ones crash and later overheat, odd ones overheat. */
const vehicleEpisodes = (i: number, count: number) => episodesOf<Kind>(i, count, [['crash', 0.3, 1], ['overheating', 0.65, 60]], [['overheating', 0.4, 60]]);

function readingsOf(i: number, count: number, t0: number): VehicleTelemetryPayloadV1[] {
  const episodes = vehicleEpisodes(i, count);
  const on = (n: number, k: Kind) => episodes.some((e) => e.kind === k && n >= e.from && n < e.to);
  return Array.from({ length: count }, (_, n) =>
    on(n, 'crash')
      ? vanReading(t0, n, { type: 'event', event: 'crash', accel: { x: -6.5, y: 2.1, z: 0.8 }, speedKmh: 52 })
      : vanReading(t0, n, on(n, 'overheating') ? { coolantTempC: 115 } : {}),
  );
}

export type VehiclePublisher = DevicePublisher<VehicleTelemetryPayloadV1>;

export function vehiclePublishers(devices: readonly Device[], count: number, brokers: () => readonly string[], opts: FleetOptions): VehiclePublisher[] {
  // an hour of reading time (one a second) after the machines' epoch
  const t0 = runEpoch() + 3_600_000;
  return devices.map((d, i) => new DevicePublisher(d, readingsOf(i, count, t0), (r) => r, brokers, opts));
}

/** What the pure analysis makes of the readings once, in order. */
function pureState(m: VehiclePublisher): VehicleMonitorState {
  let state: VehicleMonitorState | null = null;
  m.readings.forEach((r, i) => {
    state = analyseReading(state, { ...r, deviceId: m.device.deviceId, model: VEHICLE_MODEL, receivedAt: r.ts }, { topic: TOPICS.vehicleTelemetry, partition: 0, offset: String(i) }).state;
  });
  return state!;
}

/**
 * The state without what differs by delivery, not by reading: Kafka offsets (the
 * pure run numbers them 0…) and what was last published (the offline sweep runs on
 * the wall clock). Trip, battery and diagnostic state move with every reading.
 */
const fingerprintOf = (s: VehicleMonitorState) => canonical(s, /offset|^published/i);

export function vehicleChecks(db: Pick<Client, 'query'>, callCentre: () => ServiceProcess, fleetOf: (m: VehiclePublisher) => number): Omit<Verification<VehicleTelemetryPayloadV1>, 'onBus'> {
  return {
    analysed: async (m) => {
      const state = (await db.query(`SELECT state FROM vehicle_monitoring.vehicles WHERE vehicle_id = $1`, [m.device.deviceId])).rows[0]?.state as VehicleMonitorState | undefined;
      return state && state.lastSeq === m.readings.at(-1)!.seq ? fingerprintOf(state) : undefined;
    },
    pure: (m) => fingerprintOf(pureState(m)),
    expected: (m) => {
      const expected = [...new Set(expectedFindings(m.device.deviceId, m.readings).map((f) => f.kind))].sort();
      const planned = [...new Set(vehicleEpisodes(fleetOf(m), m.readings.length).map((e) => e.kind))].sort();
      if (canonical(planned) !== canonical(expected)) throw new Error(`chaos: ${m.device.deviceId}'s readings find ${expected.join(', ')}, planned ${planned.join(', ')}`);
      return expected;
    },
    records: async (id) => (await itemsOf<{ kind: string }>(callCentre(), `/call-centre/cases?vehicleId=${encodeURIComponent(id)}&pageSize=100`)).map((c) => c.kind).sort(),
  };
}
