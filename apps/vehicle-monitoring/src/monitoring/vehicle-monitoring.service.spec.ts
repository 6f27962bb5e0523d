import { TOPICS, vehicleIncidentV1Schema, type VehicleTelemetryV1 } from '@tsunagu/contracts';
import { InProcessBus, Metrics, setLogLevel, type IncomingMessage, type MessageBus, type OutgoingMessage } from '@tsunagu/platform';
import { DEFAULT_VEHICLE_ANALYSIS_CONFIG, type VehicleMonitorState } from '@tsunagu/vehicle-monitoring';
import type { EntityManager } from 'typeorm';
import type { VehicleMonitoringRepository } from './vehicle-monitoring.repository';
import { VehicleMonitoringService } from './vehicle-monitoring.service';

setLogLevel('silent');

/** The repository's contract in memory: rows with versions, offsets per partition. */
class FakeRepository {
  offsets = new Map<string, bigint>();
  rows = new Map<string, { version: number; state: VehicleMonitorState }>();
  fullLoads = 0;

  transaction<R>(fn: (m: EntityManager) => Promise<R>): Promise<R> {
    return fn({} as EntityManager);
  }
  async lockOffset(_m: EntityManager, topic: string, partition: number): Promise<bigint> {
    return this.offsets.get(`${topic}#${partition}`) ?? -1n;
  }
  async saveOffset(_m: EntityManager, topic: string, partition: number, offset: string): Promise<void> {
    this.offsets.set(`${topic}#${partition}`, BigInt(offset));
  }
  async loadStates(_m: EntityManager, ids: readonly string[], cached: ReadonlyMap<string, number>) {
    const out = new Map<string, { version: number; state: VehicleMonitorState | null }>();
    for (const id of ids) {
      const row = this.rows.get(id);
      if (!row) continue;
      const current = cached.get(id) === row.version;
      if (!current) this.fullLoads++;
      out.set(id, { version: row.version, state: current ? null : structuredClone(row.state) });
    }
    return out;
  }
  async saveStates(_m: EntityManager, states: readonly VehicleMonitorState[]): Promise<Map<string, number>> {
    const versions = new Map<string, number>();
    for (const s of states) {
      const version = (this.rows.get(s.vehicleId)?.version ?? 0) + 1;
      this.rows.set(s.vehicleId, { version, state: structuredClone(s) });
      versions.set(s.vehicleId, version);
    }
    return versions;
  }
  async lockSilent(_m: EntityManager, before: number): Promise<VehicleMonitorState[]> {
    return [...this.rows.values()].map((r) => r.state).filter((s) => s.lastTs < before && s.publishedAvailability !== 'offline');
  }
}

class RecordingBus {
  published: Array<{ topic: string; messages: readonly OutgoingMessage[] }> = [];
  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    this.published.push({ topic, messages });
  }
  values<T>(topic: string): T[] {
    return this.published.filter((p) => p.topic === topic).flatMap((p) => p.messages.map((m) => JSON.parse(String(m.value)) as T));
  }
}

const T0 = 1_764_403_200_000;

function item(offset: number, over: Partial<VehicleTelemetryV1> = {}): { value: VehicleTelemetryV1; message: IncomingMessage } {
  const value: VehicleTelemetryV1 = {
    deviceId: 'veh-1',
    model: 'van-2t',
    receivedAt: T0,
    seq: offset,
    ts: T0 + offset * 1000,
    type: 'periodic',
    ignition: true,
    speedKmh: 40,
    rpm: 2000,
    coolantTempC: 90,
    batteryV: 14,
    fuelLevelPct: 50,
    odometerKm: 100,
    accel: { x: 0, y: 0, z: 0 },
    airbagDeployed: false,
    dtcs: [],
    position: { lat: 35, lon: 139 },
    headingDeg: 0,
    ...over,
  };
  return {
    value,
    message: { topic: TOPICS.vehicleTelemetry, partition: 0, offset: String(offset), key: value.deviceId, value: Buffer.from(''), headers: { 'correlation-id': `c-${offset}` }, timestamp: value.ts },
  };
}

function setup(clockNow = T0) {
  const repo = new FakeRepository();
  const bus = new RecordingBus();
  const clock = { t: clockNow, now(): number { return this.t; } };
  const service = new VehicleMonitoringService(
    repo as unknown as VehicleMonitoringRepository,
    bus as unknown as MessageBus,
    { offlineAfterMs: 300_000, offlineSweepMs: 30_000, analysis: DEFAULT_VEHICLE_ANALYSIS_CONFIG },
    clock,
    new Metrics('test', { defaults: false }),
  );
  return { repo, bus, clock, service };
}

describe('VehicleMonitoringService', () => {
  it('publishes findings and the latest state per vehicle in one publish each, then stores state and offset', async () => {
    const { repo, bus, service } = setup();
    const outcome = await service.processBatch(TOPICS.vehicleTelemetry, 0, [
      item(0),
      item(1, { deviceId: 'veh-2' }),
      item(2, { accel: { x: -6, y: 0, z: 0 } }),
      item(3, { dtcs: ['P0300'] }),
    ]);
    expect(outcome).toEqual({ analysed: 4, skipped: 0, incidents: 2, states: 2 });
    expect(bus.published.map((p) => p.topic).sort()).toEqual([TOPICS.vehicleIncidents, TOPICS.vehicleState].sort());
    const incidents = bus.values(TOPICS.vehicleIncidents).map((i) => vehicleIncidentV1Schema.parse(i));
    expect(incidents.map((i) => i.kind)).toEqual(['crash', 'diagnostic-code']);
    const header = bus.published.find((p) => p.topic === TOPICS.vehicleIncidents)!.messages[0]!.headers!;
    expect(header['correlation-id']).toBe('c-2');
    expect(repo.offsets.get(`${TOPICS.vehicleTelemetry}#0`)).toBe(3n);
    expect(repo.rows.get('veh-1')!.state.lastSeq).toBe(3);
  });

  it('skips records at or below the stored offset (redelivery after a restart or rebalance)', async () => {
    const { bus, service } = setup();
    await service.processBatch(TOPICS.vehicleTelemetry, 0, [item(0), item(1, { accel: { x: -6, y: 0, z: 0 } })]);
    bus.published = [];
    const again = await service.processBatch(TOPICS.vehicleTelemetry, 0, [item(0), item(1, { accel: { x: -6, y: 0, z: 0 } }), item(2)]);
    expect(again).toMatchObject({ analysed: 1, skipped: 2, incidents: 0 });
    expect(bus.values(TOPICS.vehicleIncidents)).toHaveLength(0);
  });

  it('reads a state from the database only when its version changed behind the cache', async () => {
    const { repo, service } = setup();
    await service.processBatch(TOPICS.vehicleTelemetry, 0, [item(0)]);
    await service.processBatch(TOPICS.vehicleTelemetry, 0, [item(1)]);
    expect(repo.fullLoads).toBe(0);
    // another writer (the offline sweep, another instance) bumps the version
    const row = repo.rows.get('veh-1')!;
    repo.rows.set('veh-1', { version: row.version + 1, state: { ...row.state, publishedAvailability: 'offline' } });
    const bus = (service as unknown as { bus: RecordingBus }).bus;
    bus.published = [];
    await service.processBatch(TOPICS.vehicleTelemetry, 0, [item(2)]);
    expect(repo.fullLoads).toBe(1);
    // it knew the vehicle had been published offline, so it publishes it moving again at once
    expect(bus.values<{ availability: string }>(TOPICS.vehicleState).map((s) => s.availability)).toEqual(['moving']);
  });

  it('sweeps silent vehicles offline once', async () => {
    const { bus, clock, service } = setup();
    await service.processBatch(TOPICS.vehicleTelemetry, 0, [item(0)]);
    bus.published = [];
    clock.t = T0 + 299_000;
    expect(await service.sweepOffline()).toBe(0);
    clock.t = T0 + 301_000;
    expect(await service.sweepOffline()).toBe(1);
    expect(await service.sweepOffline()).toBe(0);
    expect(bus.values<{ availability: string; vehicleId: string }>(TOPICS.vehicleState)).toEqual([
      expect.objectContaining({ vehicleId: 'veh-1', availability: 'offline' }),
    ]);
  });

  it('works on the in-process bus too (all-in-one mode)', async () => {
    const bus = new InProcessBus(3);
    const repo = new FakeRepository();
    const service = new VehicleMonitoringService(
      repo as unknown as VehicleMonitoringRepository,
      bus,
      { offlineAfterMs: 300_000, offlineSweepMs: 30_000, analysis: DEFAULT_VEHICLE_ANALYSIS_CONFIG },
      { now: () => T0 },
      new Metrics('test', { defaults: false }),
    );
    await expect(service.processBatch(TOPICS.vehicleTelemetry, 0, [item(0, { airbagDeployed: true })])).resolves.toMatchObject({ incidents: 1 });
    await bus.close();
  });
});
