/**
 * Vehicle alarm rules as data, on a real PostgreSQL with the in-process bus: a
 * van's coolant sits below the configured overheating level; lowering it for the
 * van's model through REST makes the next readings above the new level raise an
 * overheating incident, without a restart, and the incident names the rule
 * version. A vehicle's own override goes on top of its model's; edits are
 * validated and versioned (stale → 409), with their history.
 */
import { TOPICS, type VehicleIncidentV1, type VehicleTelemetryV1 } from '@tsunagu/contracts';
import { AlarmRulesRefreshJob, ManualClock } from '@tsunagu/platform';
import { vehicleReading } from '@tsunagu/vehicle-monitoring';
import { appUnderTest } from '../../../test/support/app-under-test';
import { expectEventually, uniqueId } from '../../../test/support/test-env';
import { VehicleMonitoringModule } from '../src/vehicle-monitoring.module';

const T0 = Date.UTC(2026, 11, 2, 8);
const MODEL = 'van-2t';

describe('vehicle alarm rules operators change at run time (real PostgreSQL)', () => {
  const rig = appUnderTest({
    serviceName: 'vehicle-monitoring',
    clock: new ManualClock(T0),
    modules: [VehicleMonitoringModule.register({ offlineSweepMs: 3_600_000, rulesPollMs: 3_600_000 })],
  });
  const vehicleId = uniqueId('veh-r-');

  const publish = (startSeq: number, count: number, over: Partial<VehicleTelemetryV1>) =>
    rig.bus.publish(
      TOPICS.vehicleTelemetry,
      Array.from({ length: count }, (_, i) => {
        const seq = startSeq + i;
        return { key: vehicleId, value: JSON.stringify(vehicleReading({ deviceId: vehicleId, model: MODEL, seq, ts: T0 + seq * 1000, ...over })) };
      }),
    );
  const incidents = () =>
    rig.bus
      .peek(TOPICS.vehicleIncidents)
      .map((m) => JSON.parse(m.value.toString('utf8')) as VehicleIncidentV1)
      .filter((i) => i.subjectId === vehicleId);
  const lastSeq = async () => (await rig.app.request('GET', `/vehicle-monitoring/vehicles/${vehicleId}`, { role: 'dispatch' })).body.lastSeq;
  const putRule = (scope: 'models' | 'devices', target: string, version: number, rule: unknown, role: 'maintenance' | 'operator' = 'maintenance') =>
    rig.app.request('PUT', `/vehicle-monitoring/alarm-rules/${scope}/${target}`, { body: { version, rule }, role });

  it('lowering the overheating level of a model through REST makes the next readings above it an incident naming the rule version', async () => {
    // 105 °C for a minute: under the configured 110 °C
    await publish(0, 60, { coolantTempC: 105 });
    await expectEventually(async () => expect(await lastSeq()).toBe(59));
    expect(incidents()).toEqual([]);

    const changed = await putRule('models', MODEL, 0, { overheatOnC: 100, overheatOffC: 95, overheatMinMs: 10_000 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ scope: 'model', target: MODEL, version: 1, updatedBy: 'api:maintenance' });
    const view = await rig.app.request('GET', `/vehicle-monitoring/alarm-rules/models/${MODEL}`, { role: 'callcentre' });
    expect(view.body.effective).toMatchObject({ overheatOnC: 100, overheatOffC: 95, overheatMinMs: 10_000, overheatCriticalC: 120 });
    expect(view.body.ruleVersion).toBe(`vehicle-defaults@1+model:${MODEL}@v1`);

    // the same service, no restart: the next readings at 105 °C are beyond the new level
    await publish(60, 30, { coolantTempC: 105 });
    const [incident] = await expectEventually(() => {
      const found = incidents();
      expect(found).toHaveLength(1);
      return found;
    });
    expect(incident).toMatchObject({ kind: 'overheating', dedupKey: `${vehicleId}:overheating`, severity: 'high' });
    expect(incident!.evidence).toMatchObject({ ruleVersion: view.body.ruleVersion, thresholds: { onC: 100, offC: 95, minMs: 10_000 } });
  });

  it("puts a vehicle's own override over its model's, validates and versions every change", async () => {
    const own = await putRule('devices', vehicleId, 0, { speedLimitKmh: 80 });
    expect(own.status).toBe(200);
    const view = await rig.app.request('GET', `/vehicle-monitoring/alarm-rules/devices/${vehicleId}`, { role: 'operator' });
    expect(view.body.effective).toMatchObject({ speedLimitKmh: 80, overheatOnC: 100 });
    expect(view.body.ruleVersion).toBe(`vehicle-defaults@1+model:${MODEL}@v1+device:${vehicleId}@v1`);

    const stale = await putRule('models', MODEL, 0, { overheatOnC: 98, overheatOffC: 95 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'RULE_VERSION_CONFLICT', currentVersion: 1 });
    const inverted = await putRule('models', MODEL, 1, { overheatOnC: 90 });
    expect(inverted.status).toBe(400);
    expect(inverted.body.message).toContain('overheatOffC');
    const unknown = await putRule('models', MODEL, 1, { toasterC: 90 });
    expect(unknown.status).toBe(400);
    expect((await putRule('models', MODEL, 1, { crashG: 3 }, 'operator')).status).toBe(403);

    expect((await putRule('models', MODEL, 1, { overheatOnC: 102, overheatOffC: 95, overheatMinMs: 10_000 })).body.version).toBe(2);
    const history = await rig.app.request('GET', `/vehicle-monitoring/alarm-rules/models/${MODEL}/history`, { role: 'operator' });
    expect(history.body.map((h: { version: number; previousVersion: number | null }) => [h.version, h.previousVersion])).toEqual([
      [2, 1],
      [1, null],
    ]);
    // the refresh job finds nothing new: this instance applied its own change at once
    expect(await rig.app.app.get(AlarmRulesRefreshJob).run()).toBe(false);
  });
});
