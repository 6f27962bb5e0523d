/**
 * Pair 1 in the chaos suite: machines whose readings hold known fault episodes
 * (coolant or hydraulic oil over its limit), checked against operation analysis'
 * stored state and maintenance's work orders.
 */
import type { Client } from 'pg';
import type { MachineTelemetryV1 } from '@tsunagu/contracts';
import { MachineAnalyser, type MachineState } from '@tsunagu/operation-analysis';
import { expectedFindings, payloadOf, series, type Device } from '../../apps/operation-analysis/test/pair1-fixtures';
import type { ServiceProcess } from '../support/service-process';
import { DevicePublisher, episodesOf, type FleetOptions } from './chaos-fleet';
import { api, canonical } from './chaos-probes';
import type { Verification } from './chaos-verify';

const DAY_MS = 86_400_000;

/** Reading time starts at a UTC midnight two days before the run: inside every retention, never ahead of the doors' clock. */
export const runEpoch = (now = Date.now()) => Math.floor(now / DAY_MS) * DAY_MS - 2 * DAY_MS;

/** The fault episodes of machine `i`: which component runs over its limit, and when. */
const machineEpisodes = (i: number, count: number) =>
  episodesOf<'coolant' | 'hydraulic-oil'>(i, count, [['coolant', 0.15, 40], ['hydraulic-oil', 0.6, 60]], [['hydraulic-oil', 0.3, 60]]);

function readingsOf(device: Device, i: number, count: number, startTs: number): MachineTelemetryV1[] {
  const episodes = machineEpisodes(i, count);
  return series(device, {
    count,
    seed: i + 1,
    startTs,
    values: (n) => {
      const on = (c: string) => episodes.some((e) => e.kind === c && n >= e.from && n < e.to);
      return { coolantTempC: on('coolant') ? 108 : 88, hydraulicTempC: on('hydraulic-oil') ? 99 : 62 };
    },
  });
}

export type MachinePublisher = DevicePublisher<MachineTelemetryV1>;

export function machinePublishers(devices: readonly Device[], count: number, brokers: () => readonly string[], opts: FleetOptions): MachinePublisher[] {
  const startTs = runEpoch();
  return devices.map((d, i) => new DevicePublisher(d, readingsOf(d, i, count, startTs), payloadOf, brokers, opts));
}

/** What the analysis state must be after every reading exactly once, in order: the pure analyser's. */
function pureState(readings: readonly MachineTelemetryV1[]): MachineState {
  const analyser = new MachineAnalyser();
  let state: MachineState | undefined;
  readings.forEach((r, i) => (state = analyser.analyse(state, r, { topic: 't', partition: 0, offset: String(i) }).state));
  return state!;
}

/** The parts of the state each reading moves (baselines are EWMAs: a reading counted twice shows). */
const fingerprintOf = (s: MachineState) => canonical({ lastSeq: s.lastSeq, lastTs: s.lastTs, engineHours: s.engineHours, util: s.util, baselines: s.baselines });

/** Operation analysis' state in `db`, maintenance's work orders by component. */
export function machineChecks(db: Pick<Client, 'query'>, maintenance: () => ServiceProcess, fleetOf: (m: MachinePublisher) => number): Omit<Verification<MachineTelemetryV1>, 'onBus'> {
  return {
    analysed: async (m) => {
      const state = (await db.query(`SELECT state FROM operation_analysis.machine_states WHERE machine_id = $1`, [m.device.deviceId])).rows[0]?.state as MachineState | undefined;
      return state && state.lastSeq === m.readings.at(-1)!.seq ? fingerprintOf(state) : undefined;
    },
    pure: (m) => fingerprintOf(pureState(m.readings)),
    expected: (m) => {
      const expected = [...new Set(expectedFindings(m.readings).map((f) => f.component))].sort();
      // the readings hold exactly the planned episodes (what the pure analyser finds in them)
      const planned = [...new Set(machineEpisodes(fleetOf(m), m.readings.length).map((e) => e.kind))].sort();
      if (canonical(planned) !== canonical(expected)) throw new Error(`chaos: ${m.device.deviceId}'s readings find ${expected.join(', ')}, planned ${planned.join(', ')}`);
      return expected;
    },
    records: async (id) => {
      const { status, body } = await api(maintenance(), 'GET', `/work-orders?machineId=${encodeURIComponent(id)}&pageSize=200`);
      if (status !== 200) throw new Error(`work orders: ${status}`);
      return (body.items as Array<{ component: string }>).map((w) => w.component).sort();
    },
  };
}

export async function provisionDevices(p: ServiceProcess, n: number, prefix: string, kind: 'machine' | 'vehicle', model: string): Promise<Device[]> {
  const out: Device[] = [];
  for (let i = 0; i < n; i++) {
    const { status, body } = await api(p, 'POST', '/devices', { kind, model, deviceId: `${prefix}-${kind[0]}${i}`, site: 'chaos' });
    if (status !== 201) throw new Error(`provisioning: ${status} ${JSON.stringify(body)}`);
    out.push({ deviceId: body.deviceId as string, password: body.password as string, model });
  }
  return out;
}
