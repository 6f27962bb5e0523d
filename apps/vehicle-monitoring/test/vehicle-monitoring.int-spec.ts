/**
 * Pair 2 end to end: vehicles publish over MQTT to the ingest broker, vehicle
 * monitoring analyses the telemetry from Kafka, the call centre opens cases.
 * Real MQTT clients, real Kafka, real PostgreSQL.
 */
import { Kafka, logLevel } from 'kafkajs';
import {
  deadLetterTopicOf,
  TOPICS,
  vehicleIncidentV1Schema,
  vehicleStateV1Schema,
  type DeadLetterV1,
  type VehicleIncidentV1,
  type VehicleStateV1,
  type VehicleTelemetryPayloadV1,
} from '@tsunagu/contracts';
import { ManualClock } from '@tsunagu/platform';
import { CallCentreModule, type CaseLineage } from '@apps/call-centre';
import { appUnderTest } from '../../../test/support/app-under-test';
import { startApp, type RunningApp } from '../../../test/support/app-harness';
import type { CaseJson } from '../../../test/support/api-views';
import { expectEventually, testKafkaBrokers, uniqueId } from '../../../test/support/test-env';
import { OfflineSweepJob } from '../src/monitoring/offline-sweep.job';
import { VehicleMonitoringModule } from '../src/vehicle-monitoring.module';
import { VEHICLE_MONITORING_CONSUMER_GROUP } from '../src/vehicle-monitoring.constants';
import { expectedFindings, provisionVehicle, vanReading, type TestVehicle } from './vehicle-fleet';

describe('vehicle monitoring → call centre, telemetry over MQTT', () => {
  const prefix = uniqueId('vm-');
  // the offline sweep's wall clock (the analysis runs on the readings' ts)
  const clock = new ManualClock(Date.now());
  /** the ingest broker and the call centre */
  const rig = appUnderTest({
    serviceName: 'edge',
    kafka: prefix,
    topics: [TOPICS.vehicleTelemetry, TOPICS.vehicleIncidents],
    compactedTopics: [TOPICS.vehicleState],
    // the door checks a reading's time against this clock too: the test moves it for the offline sweep
    clock,
    ingest: {},
    modules: [CallCentreModule.register({ escalationIntervalMs: 3_600_000 })],
    collect: [TOPICS.vehicleTelemetry, TOPICS.vehicleIncidents, TOPICS.vehicleState, deadLetterTopicOf(TOPICS.vehicleTelemetry)],
  });
  let monitor: RunningApp; // vehicle monitoring: restarted in one test
  const vehicles: TestVehicle[] = [];

  const startMonitor = () =>
    startApp({
      serviceName: 'vehicle-monitoring',
      bus: rig.bus,
      databaseUrl: rig.db.url,
      clock,
      modules: [VehicleMonitoringModule.register({ offlineAfterMs: 300_000, offlineSweepMs: 3_600_000 })],
    });

  async function vehicle(): Promise<TestVehicle> {
    const v = await provisionVehicle(rig.app, rig.mqttUrl);
    vehicles.push(v);
    return v;
  }

  const incidentsOf = (vehicleId: string) => rig.records.json<VehicleIncidentV1>(TOPICS.vehicleIncidents).filter((i) => i.subjectId === vehicleId);
  const statesOf = (vehicleId: string) => rig.records.json<VehicleStateV1>(TOPICS.vehicleState).filter((s) => s.vehicleId === vehicleId);

  async function casesOf(vehicleId: string): Promise<CaseJson[]> {
    const res = await rig.app.request('GET', `/call-centre/cases?vehicleId=${vehicleId}&pageSize=100`, { role: 'callcentre' });
    expect(res.status).toBe(200);
    return res.body.items;
  }

  /** Waits until monitoring has analysed a vehicle up to `seq`. */
  async function analysedUpTo(vehicleId: string, seq: number, timeoutMs = 30_000): Promise<void> {
    await expectEventually(async () => {
      const res = await monitor.request('GET', `/vehicle-monitoring/vehicles/${vehicleId}`, { role: 'dispatch' });
      expect(res.status).toBe(200);
      expect(res.body.lastSeq).toBe(seq);
    }, { timeoutMs });
  }

  beforeAll(async () => {
    // the test restarts the monitor: close whichever runs last
    rig.resources.defer(() => monitor?.close());
    monitor = await startMonitor();
    rig.resources.defer(() => Promise.allSettled(vehicles.map((v) => v.close())));
  });

  it('a crash opens a top-priority case within seconds, with the crash position', async () => {
    const v = await vehicle();
    const t0 = Date.now();
    await v.send([0, 1, 2].map((i) => vanReading(t0, i)));
    const crashAt = { lat: 35.6895, lon: 139.6917 };
    const sentAt = Date.now();
    await v.send([vanReading(t0, 3, { type: 'event', event: 'crash', accel: { x: -6.5, y: 2.1, z: 0.8 }, speedKmh: 52, position: crashAt })]);
    const [crashCase] = await expectEventually(async () => {
      const cases = await casesOf(v.id);
      expect(cases).toHaveLength(1);
      return cases;
    }, { timeoutMs: 10_000 });
    const latencyMs = Date.now() - sentAt;
    expect(latencyMs).toBeLessThan(10_000);
    expect(crashCase).toMatchObject({ kind: 'crash', priority: 1, severity: 'critical', status: 'new', position: crashAt });
    const detail = await rig.app.request('GET', `/call-centre/cases/${crashCase.id}`, { role: 'callcentre' });
    expect(detail.body.incidents[0].evidence.readings.find((r: { metric: string }) => r.metric === 'accelMagnitudeG').value).toBeGreaterThan(6.5);
    const crash = vehicleIncidentV1Schema.parse(incidentsOf(v.id)[0]);
    expect(crash.origin.topic).toBe(TOPICS.vehicleTelemetry);
    // dispatch learns the vehicle is in an incident, at the crash position
    await expectEventually(() => expect(statesOf(v.id).at(-1)).toMatchObject({ availability: 'incident', position: crashAt }));
    statesOf(v.id).forEach((s) => vehicleStateV1Schema.parse(s));
  });

  it('a case leads back, through its lineage, to the Kafka record of the reading that caused it', async () => {
    const v = await vehicle();
    const t0 = Date.now();
    await v.send([0, 1, 2].map((i) => vanReading(t0, i)));
    await v.send([vanReading(t0, 3, { type: 'event', event: 'crash', accel: { x: -7, y: 1, z: 0.4 }, speedKmh: 48 })]);
    const [crashCase] = await expectEventually(async () => {
      const cases = await casesOf(v.id);
      expect(cases).toHaveLength(1);
      return cases;
    });
    const res = await rig.app.request('GET', `/call-centre/cases/${crashCase.id}/lineage`, { role: 'operator' });
    expect(res.status).toBe(200);
    const lineage = res.body as CaseLineage;
    expect(lineage.case).toMatchObject({ id: crashCase.id, vehicleId: v.id, kind: 'crash' });
    expect(lineage.incidents).toHaveLength(1);
    const [incident] = lineage.incidents;
    // the incident's own Kafka record: that incident
    expect(incident!.record).toMatchObject({ topic: TOPICS.vehicleIncidents });
    const incidentRecord = await expectEventually(() => {
      const m = rig.records.messages.find((r) => r.topic === TOPICS.vehicleIncidents && r.partition === incident!.record!.partition && r.offset === incident!.record!.offset);
      expect(m).toBeDefined();
      return m!;
    });
    expect(JSON.parse(incidentRecord.value.toString('utf8'))).toMatchObject({ findingId: incident!.findingId, subjectId: v.id, kind: 'crash' });
    // its cause (lineage headers): the telemetry record of the crash reading, as the ingest broker put it on Kafka
    expect(incident!.source).toMatchObject({ topic: TOPICS.vehicleTelemetry });
    const reading = await expectEventually(() => {
      const m = rig.records.messages.find((r) => r.topic === TOPICS.vehicleTelemetry && r.partition === incident!.source!.partition && r.offset === incident!.source!.offset);
      expect(m).toBeDefined();
      return m!;
    });
    expect(JSON.parse(reading.value.toString('utf8'))).toMatchObject({ deviceId: v.id, seq: 3, type: 'event', event: 'crash' });
    // and the detector's own evidence points at the same telemetry record
    expect(incident!.readings).toMatchObject({ topic: TOPICS.vehicleTelemetry, partition: incident!.source!.partition, toOffset: incident!.source!.offset });
  });

  it('the same diagnostic code reported 100 times opens one case', async () => {
    const v = await vehicle();
    const t0 = Date.now();
    await v.send(Array.from({ length: 100 }, (_, i) => vanReading(t0, i, { dtcs: ['P0217'] })));
    await analysedUpTo(v.id, 99);
    await expectEventually(async () => expect(await casesOf(v.id)).toHaveLength(1));
    const dtc = incidentsOf(v.id).filter((i) => i.kind === 'diagnostic-code');
    expect(dtc).toHaveLength(1);
    expect(dtc[0]!.dtc).toEqual({ code: 'P0217', system: 'cooling', description: 'Engine coolant over-temperature condition' });
    const [c] = await casesOf(v.id);
    expect(c).toMatchObject({ kind: 'diagnostic-code', incidentCount: 1, priority: 2 });
    const state = await monitor.request('GET', `/vehicle-monitoring/vehicles/${v.id}`, { role: 'dispatch' });
    expect(state.body).toMatchObject({ activeDtcs: ['P0217'], availability: 'moving' });
  });

  it('a trip with harsh driving becomes one case with the driver score', async () => {
    const v = await vehicle();
    const t0 = Date.now();
    const readings: VehicleTelemetryPayloadV1[] = Array.from({ length: 20 }, (_, i) =>
      vanReading(t0, i, {
        accel: i === 5 || i === 12 ? { x: -0.6, y: 0, z: 0 } : i === 8 ? { x: 0.1, y: 0.5, z: 0 } : { x: 0, y: 0, z: 0 },
        speedKmh: i >= 14 && i < 18 ? 135 : 45,
      }),
    );
    readings.push(vanReading(t0, 20, { ignition: false, speedKmh: 0, rpm: 0 }));
    await v.send(readings);
    const [c] = await expectEventually(async () => {
      const cases = await casesOf(v.id);
      expect(cases).toHaveLength(1);
      return cases;
    });
    expect(c.kind).toBe('harsh-driving');
    const detail = await rig.app.request('GET', `/call-centre/cases/${c.id}`, { role: 'callcentre' });
    expect(detail.body.incidents[0].driverScore).toBe(expectedFindings(v.id, readings)[0]!.driverScore);
    expect(detail.body.incidents[0].driverScore).toBeLessThan(80);
    await expectEventually(() => expect(statesOf(v.id).at(-1)?.availability).toBe('parked'));
  });

  it('restarted mid-stream (and with its Kafka offsets rewound): nothing lost, no duplicate case', async () => {
    const fleet = await Promise.all([vehicle(), vehicle(), vehicle()]);
    const t0 = Date.now();
    const N = 160;
    const readingsOf = (): VehicleTelemetryPayloadV1[] =>
      Array.from({ length: N }, (_, i) =>
        vanReading(t0, i, {
          dtcs: i >= 10 ? ['P0562'] : [],
          // an overheating episode that starts before the restart and fires after it
          coolantTempC: i >= 70 && i < 110 ? 116 : 90,
          accel: i === 130 ? { x: -7.2, y: 1, z: 0.3 } : { x: 0, y: 0, z: 0 },
          airbagDeployed: i >= 130,
          speedKmh: i >= 130 ? 0 : 45,
          position: i >= 130 ? { lat: 35.7, lon: 139.71 } : { lat: 35.6812 + i * 0.0001, lon: 139.7671 },
        }),
      );
    const readings = readingsOf();
    const half = 80;
    await Promise.all(fleet.map((v) => v.send(readings.slice(0, half))));
    // stop while the first half is still being worked through
    await expectEventually(async () => {
      const res = await monitor.request('GET', `/vehicle-monitoring/vehicles?pageSize=500`, { role: 'dispatch' });
      const seqs = res.body.items.filter((x: { vehicleId: string }) => fleet.some((v) => v.id === x.vehicleId)).map((x: { lastSeq: number }) => x.lastSeq);
      expect(Math.max(-1, ...seqs)).toBeGreaterThanOrEqual(20);
    }, { intervalMs: 20 });
    await monitor.close();
    await Promise.all(fleet.map((v) => v.send(readings.slice(half))));

    // lose the committed Kafka offsets too: the service must skip by its own stored offsets
    const kafka = new Kafka({ clientId: `${prefix}admin`, brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await expectEventually(async () => {
        await admin.resetOffsets({ groupId: `${prefix}${VEHICLE_MONITORING_CONSUMER_GROUP}`, topic: `${prefix}${TOPICS.vehicleTelemetry}`, earliest: true });
      }, { timeoutMs: 30_000, intervalMs: 500 });
    } finally {
      await admin.disconnect();
    }

    monitor = await startMonitor();
    for (const v of fleet) await analysedUpTo(v.id, N - 1, 60_000);
    // the rewound records reached the new instance and were recognised as done (by the offsets stored with the states)
    const metrics = await monitor.request('GET', '/metrics', { role: 'operator' });
    const redelivered = String(metrics.body)
      .split('\n')
      .find((line) => line.startsWith('tsunagu_consumed_records_total{') && line.includes(`group="${VEHICLE_MONITORING_CONSUMER_GROUP}"`) && line.includes('outcome="redelivered"'));
    expect(Number(redelivered?.split(' ').at(-1) ?? 0)).toBeGreaterThan(0);

    for (const v of fleet) {
      const expected = expectedFindings(v.id, readings);
      expect(expected.map((f) => f.kind).sort()).toEqual(['crash', 'diagnostic-code', 'overheating']);
      await expectEventually(async () => {
        const emitted = incidentsOf(v.id).map((i) => i.findingId);
        // nothing lost, nothing emitted twice
        expect(emitted.sort()).toEqual(expected.map((f) => f.findingId).sort());
        const cases = await casesOf(v.id);
        expect(cases.map((c: { kind: string }) => c.kind).sort()).toEqual(['crash', 'diagnostic-code', 'overheating']);
        expect(cases.every((c: { incidentCount: number }) => c.incidentCount === 1)).toBe(true);
      });
      const crash = (await casesOf(v.id)).find((c: { kind: string }) => c.kind === 'crash');
      expect(crash).toMatchObject({ priority: 1, position: { lat: 35.7, lon: 139.71 } });
    }
  });

  it('dead-letters a malformed telemetry record and goes on', async () => {
    const v = await vehicle();
    await rig.bus.publish(TOPICS.vehicleTelemetry, [{ key: v.id, value: JSON.stringify({ deviceId: v.id, seq: 'x' }) }]);
    const t0 = Date.now();
    await v.send([vanReading(t0, 0), vanReading(t0, 1)]);
    await analysedUpTo(v.id, 1);
    await expectEventually(() => {
      const letters = rig.records.json<DeadLetterV1>(deadLetterTopicOf(TOPICS.vehicleTelemetry)).filter((l) => l.key === v.id);
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ reason: 'schema-violation', rejectedBy: 'vehicle-monitoring', origin: { topic: TOPICS.vehicleTelemetry } });
    });
  });

  it('publishes a silent vehicle as offline once', async () => {
    const v = await vehicle();
    const t0 = Date.now();
    await v.send([vanReading(t0, 0, { speedKmh: 0, ignition: false })]);
    await analysedUpTo(v.id, 0);
    clock.set(t0 + 301_000);
    const sweep = monitor.app.get(OfflineSweepJob);
    expect(await sweep.run()).toBeGreaterThanOrEqual(1);
    await sweep.run();
    await expectEventually(() => expect(statesOf(v.id).map((s) => s.availability)).toEqual(['parked', 'offline']));
    const res = await monitor.request('GET', `/vehicle-monitoring/vehicles?availability=offline&pageSize=500`, { role: 'dispatch' });
    expect(res.body.items.map((x: { vehicleId: string }) => x.vehicleId)).toContain(v.id);
    // it reports again: back on the map
    await v.send([vanReading(t0, 1, { ts: clock.now() })]);
    await expectEventually(() => expect(statesOf(v.id).at(-1)?.availability).toBe('moving'));
  });
});
