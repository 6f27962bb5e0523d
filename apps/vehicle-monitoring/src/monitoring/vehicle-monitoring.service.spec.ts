import { TOPICS, vehicleIncidentV1Schema, type VehicleTelemetryV1 } from '@tsunagu/contracts';
import { causeOf, ManualClock, Metrics, setLogLevel, VersionedStateRows, type AlarmRulesService, type Delivery, type IncomingMessage, type PublishRecord, type ServiceDatabase, type Tx } from '@tsunagu/platform';
import { DEFAULT_VEHICLE_ANALYSIS_CONFIG, vehicleReading, vehicleRuleBook, type VehicleMonitorState } from '@tsunagu/vehicle-monitoring';
import type { VehicleMonitoringRepository } from './vehicle-monitoring.repository';
import { VehicleMonitoringService } from './vehicle-monitoring.service';

setLogLevel('silent');

/** No stored overrides: readings are judged by the configured thresholds. */
const NO_OVERRIDES = { ready: async () => undefined } as unknown as AlarmRulesService;

/** The repository's contract in memory: rows with versions from one sequence. */
class FakeRepository extends VersionedStateRows<VehicleMonitorState> {
  constructor() {
    super((s) => s.vehicleId);
  }
  async lockSilent(_tx: Tx, before: number): Promise<VehicleMonitorState[]> {
    return [...this.rows.values()].map((r) => r.state).filter((s) => s.lastTs < before && s.publishedAvailability !== 'offline');
  }
}

/** The transaction as the service sees it: what it publishes is staged for the outbox. */
class FakeTx {
  published: Array<{ topic: string; record: PublishRecord<typeof TOPICS.vehicleIncidents | typeof TOPICS.vehicleState> }> = [];
  /** topics of the publish calls */
  calls: string[] = [];
  publish(topic: string, records: ReadonlyArray<PublishRecord<typeof TOPICS.vehicleIncidents | typeof TOPICS.vehicleState>>): void {
    this.calls.push(topic);
    this.published.push(...records.map((record) => ({ topic, record })));
  }
  values<T>(topic: string): T[] {
    return this.published.filter((p) => p.topic === topic).map((p) => p.record.value as T);
  }
}

const T0 = 1_764_403_200_000;

function delivery(offset: number, over: Partial<VehicleTelemetryV1> = {}): Delivery<VehicleTelemetryV1> {
  const value = vehicleReading({ seq: offset, ts: T0 + offset * 1000, ...over });
  const message: IncomingMessage = { topic: TOPICS.vehicleTelemetry, partition: 0, offset: String(offset), key: value.deviceId, value: Buffer.from(''), headers: { 'correlation-id': `c-${offset}` }, timestamp: value.ts };
  return { value, message, cause: causeOf(message), prepared: undefined };
}

function setup() {
  const repo = new FakeRepository();
  let tx = new FakeTx();
  const db = { transaction: <R>(work: (t: Tx) => Promise<R>) => work(tx as unknown as Tx) };
  const clock = new ManualClock(T0);
  const service = new VehicleMonitoringService(
    repo as unknown as VehicleMonitoringRepository,
    db as unknown as ServiceDatabase,
    { offlineAfterMs: 300_000, offlineSweepMs: 30_000, analysis: DEFAULT_VEHICLE_ANALYSIS_CONFIG, rulesPollMs: 5000 },
    clock,
    new Metrics('test', { defaults: false }),
    vehicleRuleBook(DEFAULT_VEHICLE_ANALYSIS_CONFIG),
    NO_OVERRIDES,
  );
  return {
    repo,
    clock,
    service,
    get tx() {
      return tx;
    },
    /** a fresh transaction for the next batch */
    next(): FakeTx {
      tx = new FakeTx();
      return tx;
    },
    apply: (deliveries: Array<Delivery<VehicleTelemetryV1>>) => service.apply(tx as unknown as Tx, deliveries),
  };
}

describe('VehicleMonitoringService', () => {
  it('publishes findings and the latest state per vehicle through the transaction (one publish each), then stores the states', async () => {
    const s = setup();
    const outcome = await s.apply([delivery(0), delivery(1, { deviceId: 'veh-2' }), delivery(2, { accel: { x: -6, y: 0, z: 0 } }), delivery(3, { dtcs: ['P0300'] })]);
    expect(outcome).toEqual({ analysed: 4, incidents: 2, states: 2 });
    expect(s.tx.calls.sort()).toEqual([TOPICS.vehicleIncidents, TOPICS.vehicleState].sort());
    expect(s.tx.values<{ vehicleId: string }>(TOPICS.vehicleState).map((v) => v.vehicleId).sort()).toEqual(['veh-1', 'veh-2']);
    const incidents = s.tx.values(TOPICS.vehicleIncidents).map((i) => vehicleIncidentV1Schema.parse(i));
    expect(incidents.map((i) => i.kind)).toEqual(['crash', 'diagnostic-code']);
    expect(incidents[0]!.origin).toMatchObject({ topic: TOPICS.vehicleTelemetry, partition: 0, toOffset: '2' });
    expect(s.repo.rows.get('veh-1')!.state.lastSeq).toBe(3);
  });

  it('gives every record the reading that caused it (lineage and correlation id)', async () => {
    const s = setup();
    const crash = delivery(2, { accel: { x: -6, y: 0, z: 0 } });
    await s.apply([delivery(0), delivery(1), crash]);
    const incident = s.tx.published.find((p) => p.topic === TOPICS.vehicleIncidents)!;
    expect(incident.record.cause).toEqual(crash.cause);
    expect(incident.record.cause).toMatchObject({ topic: TOPICS.vehicleTelemetry, partition: 0, offset: '2', correlationId: 'c-2' });
    // the state record of the batch is the vehicle's latest, caused by the reading that produced it
    const states = s.tx.published.filter((p) => p.topic === TOPICS.vehicleState);
    expect(states).toHaveLength(1);
    expect(states[0]!.record.cause).toEqual(crash.cause);
  });

  it('reads a state from the database only when its version changed behind the cache', async () => {
    const s = setup();
    await s.apply([delivery(0)]);
    s.next();
    await s.apply([delivery(1)]);
    expect(s.repo.fullLoads).toBe(0);
    // another writer (the offline sweep, another instance) replaces the row
    s.repo.overwrite('veh-1', { publishedAvailability: 'offline' });
    const tx = s.next();
    await s.apply([delivery(2)]);
    expect(s.repo.fullLoads).toBe(1);
    // it knew the vehicle had been published offline, so it publishes it moving again at once
    expect(tx.values<{ availability: string }>(TOPICS.vehicleState).map((v) => v.availability)).toEqual(['moving']);
  });

  it('sweeps silent vehicles offline once, through a transaction of its own', async () => {
    const s = setup();
    await s.apply([delivery(0)]);
    const tx = s.next();
    s.clock.set(T0 + 299_000);
    expect(await s.service.sweepOffline()).toBe(0);
    s.clock.set(T0 + 301_000);
    expect(await s.service.sweepOffline()).toBe(1);
    expect(await s.service.sweepOffline()).toBe(0);
    expect(tx.values<{ availability: string; vehicleId: string }>(TOPICS.vehicleState)).toEqual([expect.objectContaining({ vehicleId: 'veh-1', availability: 'offline' })]);
    expect(tx.published[0]!.record.cause).toEqual({ topic: 'job:vehicle-monitoring.offline-sweep' });
  });
});
