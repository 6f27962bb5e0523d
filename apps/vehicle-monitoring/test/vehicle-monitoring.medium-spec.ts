/**
 * Vehicle monitoring against a real PostgreSQL, on the in-process bus (the
 * all-in-one mode; no Kafka): telemetry in, incidents and states out through the
 * outbox with their lineage; the state cache across a rolled-back transaction and
 * another writer; the migration onto the kernel's tables.
 */
import { HEADERS, TOPICS, type VehicleIncidentV1, type VehicleStateV1, type VehicleTelemetryV1 } from '@tsunagu/contracts';
import { causeOf, ManualClock, partitionOf, ServiceDatabase, type Delivery, type IncomingMessage } from '@tsunagu/platform';
import { vehicleReading } from '@tsunagu/vehicle-monitoring';
import { appUnderTest } from '../../../test/support/app-under-test';
import { afterMigrating } from '../../../test/support/kernel-fixtures';
import { expectEventually } from '../../../test/support/test-env';
import { VehicleMonitoringInit1764500100000 } from '../src/migrations/1764500100000-vehicle-monitoring-init';
import { OfflineSweepJob } from '../src/monitoring/offline-sweep.job';
import { VehicleMonitoringService } from '../src/monitoring/vehicle-monitoring.service';
import { VEHICLE_MONITORING_SERVICE, VehicleMonitoringModule } from '../src/vehicle-monitoring.module';

const T0 = Date.UTC(2026, 0, 5, 9);

function reading(deviceId: string, seq: number, over: Partial<VehicleTelemetryV1> = {}): VehicleTelemetryV1 {
  return vehicleReading({ deviceId, seq, ts: T0 + seq * 1000, ...over });
}

const crashOver = { type: 'event', event: 'crash', accel: { x: -7, y: 1, z: 0 } } as const;

describe('vehicle monitoring (real PostgreSQL, in-process bus)', () => {
  const clock = new ManualClock(T0);
  const rig = appUnderTest({ serviceName: 'vehicle-monitoring', clock, modules: [VehicleMonitoringModule.register({ offlineAfterMs: 300_000, offlineSweepMs: 3_600_000 })] });

  const published = <T>(topic: string, vehicleId: string): Array<{ value: T; message: IncomingMessage }> =>
    rig.bus
      .peek(topic)
      .map((message) => ({ value: JSON.parse(message.value.toString('utf8')) as T, message }))
      .filter((r) => (r.value as { subjectId?: string; vehicleId?: string }).subjectId === vehicleId || (r.value as { vehicleId?: string }).vehicleId === vehicleId);

  it('analyses telemetry from the bus; incidents and states leave through the outbox, caused by their reading', async () => {
    await rig.bus.publish(TOPICS.vehicleTelemetry, [0, 1, 2].map((i) => ({ key: 'veh-m1', value: JSON.stringify(reading('veh-m1', i, i === 2 ? crashOver : {})) })));
    const [crash] = await expectEventually(() => {
      const incidents = published<VehicleIncidentV1>(TOPICS.vehicleIncidents, 'veh-m1');
      expect(incidents).toHaveLength(1);
      return incidents;
    });
    expect(crash!.value.kind).toBe('crash');
    // the three readings went to the vehicle's partition of an empty topic: the crash reading is its offset 2
    expect(crash!.message.headers).toMatchObject({
      [HEADERS.producer]: 'vehicle-monitoring',
      [HEADERS.sourceTopic]: TOPICS.vehicleTelemetry,
      [HEADERS.sourcePartition]: String(partitionOf('veh-m1', 3)),
      [HEADERS.sourceOffset]: '2',
    });
    expect(crash!.value.origin).toMatchObject({ partition: partitionOf('veh-m1', 3), toOffset: '2' });
    await expectEventually(() => expect(published<VehicleStateV1>(TOPICS.vehicleState, 'veh-m1').at(-1)?.value.availability).toBe('incident'));
    const res = await rig.app.request('GET', '/vehicle-monitoring/vehicles/veh-m1', { role: 'dispatch' });
    expect(res.body).toMatchObject({ vehicleId: 'veh-m1', lastSeq: 2, availability: 'incident', inCrash: true });
  });

  it('never uses the cached state of a write that rolled back, even after another writer changed the row', async () => {
    const service = rig.app.app.get(VehicleMonitoringService);
    const database = rig.app.app.get(ServiceDatabase);
    const deliver = (value: VehicleTelemetryV1, offset: number): Delivery<VehicleTelemetryV1> => {
      const message: IncomingMessage = { topic: TOPICS.vehicleTelemetry, partition: 0, offset: String(offset), key: value.deviceId, value: Buffer.alloc(0), headers: {}, timestamp: 0 };
      return { value, message, cause: causeOf(message), prepared: undefined };
    };
    await database.transaction((tx) => service.apply(tx, [deliver(reading('veh-m2', 0, { ignition: false, speedKmh: 0 }), 1000)]));
    // the crash is analysed, then its transaction fails: nothing of it is stored or published
    await expect(
      database.transaction(async (tx) => {
        await service.apply(tx, [deliver(reading('veh-m2', 1, crashOver), 1001)]);
        throw new Error('the batch failed after the analysis');
      }),
    ).rejects.toThrow('the batch failed');
    // another writer commits a change of the same row (the offline sweep, with the wall clock past the limit)
    clock.set(T0 + 301_000);
    expect(await rig.app.app.get(OfflineSweepJob).run()).toBeGreaterThanOrEqual(1);
    // the crash reading again: analysed from the committed state, so the crash is found (not taken for a repeat)
    await database.transaction((tx) => service.apply(tx, [deliver(reading('veh-m2', 1, crashOver), 1001)]));
    await expectEventually(() => expect(published<VehicleIncidentV1>(TOPICS.vehicleIncidents, 'veh-m2').map((r) => r.value.kind)).toEqual(['crash']));
    await expectEventually(() =>
      expect(published<VehicleStateV1>(TOPICS.vehicleState, 'veh-m2').map((r) => r.value.availability)).toEqual(['parked', 'offline', 'incident']),
    );
    const offlineRecord = published<VehicleStateV1>(TOPICS.vehicleState, 'veh-m2')[1]!;
    expect(offlineRecord.message.headers[HEADERS.sourceTopic]).toBe('job:vehicle-monitoring.offline-sweep');
  });

  it('moves the old offsets into the kernel table and numbers versions above the old ones', async () => {
    const schema = VEHICLE_MONITORING_SERVICE.schema;
    await afterMigrating(
      VEHICLE_MONITORING_SERVICE,
      [VehicleMonitoringInit1764500100000],
      async (before) => {
        await before.query(`INSERT INTO ${schema}.consumer_offsets (topic, partition, last_offset, updated_at) VALUES ($1, 2, 41, now())`, [TOPICS.vehicleTelemetry]);
        await before.query(
          `INSERT INTO ${schema}.vehicles (vehicle_id, model, state, last_ts, last_seq, availability, lat, lon, heading_deg, speed_kmh, version, updated_at)
           VALUES ('veh-old', 'van-2t', '{}', 0, 0, 'parked', 0, 0, 0, 0, 17, now())`,
        );
      },
      async (after) => {
        expect(await after.query(`SELECT group_id, topic, partition, "offset" FROM ${schema}.kernel_offsets`)).toEqual([
          { group_id: 'vehicle-monitoring', topic: TOPICS.vehicleTelemetry, partition: 2, offset: '41' },
        ]);
        expect(await after.query(`SELECT to_regclass('${schema}.consumer_offsets') AS t`)).toEqual([{ t: null }]);
        expect(await after.query(`SELECT nextval('${schema}.vehicle_versions') AS v`)).toEqual([{ v: '18' }]);
      },
    );
  });
});
