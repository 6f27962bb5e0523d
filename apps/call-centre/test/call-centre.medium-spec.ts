/**
 * The call centre against a real PostgreSQL, on the in-process bus (no Kafka):
 * incidents carrying lineage headers open cases whose lineage leads back to the
 * reading behind them; a re-emitted incident attaches nothing; the SLA escalation
 * job on an injected clock escalates once.
 */
import { TOPICS, type VehicleIncidentV1 } from '@tsunagu/contracts';
import { ManualClock, Publisher } from '@tsunagu/platform';
import { vehicleIncident } from '@tsunagu/vehicle-monitoring';
import { appUnderTest } from '../../../test/support/app-under-test';
import { expectEventually } from '../../../test/support/test-env';
import { CallCentreModule } from '../src/call-centre.module';
import { EscalationJob } from '../src/escalation/escalation.job';

const T0 = Date.UTC(2026, 0, 5, 9);

const incident = (subjectId: string, kind: VehicleIncidentV1['kind'], findingId: string) => vehicleIncident({ subjectId, kind, findingId, detectedAt: T0 });

describe('call centre (real PostgreSQL, in-process bus)', () => {
  const clock = new ManualClock(T0);
  const rig = appUnderTest({ serviceName: 'call-centre', clock, modules: [CallCentreModule.register({ escalationIntervalMs: 3_600_000 })] });
  /** publishes as vehicle monitoring does: the reading is the incident's cause */
  const monitoring = () => new Publisher(rig.bus, { producer: 'vehicle-monitoring', validate: true });
  /** the reading that made vehicle monitoring emit the incidents */
  const reading = { topic: TOPICS.vehicleTelemetry, partition: 1, offset: '42' };

  const casesOf = async (vehicleId: string) => (await rig.app.request('GET', `/call-centre/cases?vehicleId=${vehicleId}`, { role: 'callcentre' })).body.items;
  /** the vehicle's one case, once it is open */
  const theCaseOf = (vehicleId: string) =>
    expectEventually(async () => {
      const items = await casesOf(vehicleId);
      expect(items).toHaveLength(1);
      return items[0];
    });

  it('stores each incident with its lineage; the case leads back to the reading', async () => {
    await monitoring().publish(TOPICS.vehicleIncidents, [{ value: incident('veh-k1', 'overheating', 'veh-k1:overheating:1'), cause: reading }]);
    const c = await theCaseOf('veh-k1');
    const res = await rig.app.request('GET', `/call-centre/cases/${c.id}/lineage`, { role: 'operator' });
    expect(res.status).toBe(200);
    expect(res.body.incidents).toEqual([
      {
        findingId: 'veh-k1:overheating:1',
        kind: 'overheating',
        detectedAt: new Date(T0).toISOString(),
        record: { topic: TOPICS.vehicleIncidents, partition: expect.any(Number), offset: '0' },
        source: reading,
        readings: incident('veh-k1', 'overheating', 'x').origin,
      },
    ]);
  });

  it('attaches nothing for an incident re-emitted under another offset (same finding id)', async () => {
    const first = incident('veh-k2', 'diagnostic-code', 'veh-k2:dtc:P0300');
    await monitoring().publish(TOPICS.vehicleIncidents, [{ value: first, cause: reading }, { value: first, cause: reading }]);
    await monitoring().publish(TOPICS.vehicleIncidents, [{ value: incident('veh-k2', 'diagnostic-code', 'veh-k2:dtc:P0217'), cause: reading }]);
    await expectEventually(async () => expect((await casesOf('veh-k2'))[0]?.incidentCount).toBe(2));
    await monitoring().publish(TOPICS.vehicleIncidents, [{ value: first, cause: reading }]);
    // a later incident of the same partition (same vehicle, another kind): once it is in, the repeat before it was consumed
    await monitoring().publish(TOPICS.vehicleIncidents, [{ value: incident('veh-k2', 'crash', 'veh-k2:crash:1'), cause: reading }]);
    await expectEventually(async () => expect(await casesOf('veh-k2')).toHaveLength(2));
    const dtcCase = (await casesOf('veh-k2')).find((x: { kind: string }) => x.kind === 'diagnostic-code');
    expect(dtcCase.incidentCount).toBe(2);
  });

  it('escalates an unacknowledged case once its SLA has passed on the injected clock, once', async () => {
    await monitoring().publish(TOPICS.vehicleIncidents, [{ value: incident('veh-k3', 'battery-failing', 'veh-k3:battery:1'), cause: reading }]);
    const c = await theCaseOf('veh-k3');
    const job = rig.app.app.get(EscalationJob);
    const escalatedAt = async () => (await rig.app.request('GET', `/call-centre/cases/${c.id}`, { role: 'callcentre' })).body.escalatedAt;
    const due = new Date(c.slaDueAt).getTime();
    clock.set(due - 1);
    await job.run();
    expect(await escalatedAt()).toBeNull();
    clock.set(due);
    expect(await job.run()).toBeGreaterThanOrEqual(1);
    expect(await escalatedAt()).toBe(new Date(due).toISOString());
    clock.advance(60_000);
    await job.run();
    const detail = await rig.app.request('GET', `/call-centre/cases/${c.id}`, { role: 'callcentre' });
    expect(detail.body).toMatchObject({ escalationLevel: 1, overdue: true, status: 'new' });
    expect(detail.body.timeline.filter((e: { type: string }) => e.type === 'escalated')).toHaveLength(1);
  });
});
