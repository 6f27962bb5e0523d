/**
 * The call centre against a real Kafka and a real PostgreSQL: incidents published
 * on the incident topic open and attach cases; the escalation job, the lifecycle
 * REST API, the contact registry and the dead-letter path.
 */
import { deadLetterTopicOf, TOPICS, type DeadLetterV1, type VehicleIncidentV1 } from '@tsunagu/contracts';
import { ManualClock } from '@tsunagu/platform';
import { vehicleIncident } from '@tsunagu/vehicle-monitoring';
import { appUnderTest } from '../../../test/support/app-under-test';
import type { CaseJson } from '../../../test/support/api-views';
import { collectTopic, expectEventually, uniqueId } from '../../../test/support/test-env';
import { CallCentreModule } from '../src/call-centre.module';
import { EscalationJob } from '../src/escalation/escalation.job';

const SLA = { 1: 60, 2: 300, 3: 600, 4: 1200 } as const;

/** A critical incident with one reading as its evidence; its dedup key is its finding id (each one its own episode). */
function incident(over: Partial<VehicleIncidentV1> & Pick<VehicleIncidentV1, 'subjectId' | 'kind'>): VehicleIncidentV1 {
  const base = vehicleIncident({ severity: 'critical', ...over });
  return {
    ...base,
    dedupKey: base.findingId,
    evidence: { detector: over.kind, detectorVersion: '1.0.0', readings: [{ ts: base.detectedAt, metric: 'accelMagnitudeG', value: 6.2 }] },
    ...over,
  };
}

describe('call centre', () => {
  const clock = new ManualClock(Date.now());
  const rig = appUnderTest({ serviceName: 'call-centre', kafka: uniqueId('cc-'), topics: [TOPICS.vehicleIncidents], clock, modules: [CallCentreModule.register({ slaSec: SLA, escalationIntervalMs: 100 })] });

  async function publish(...incidents: VehicleIncidentV1[]): Promise<void> {
    await rig.bus.publish(
      TOPICS.vehicleIncidents,
      incidents.map((i) => ({ key: i.subjectId, value: JSON.stringify(i) })),
    );
  }

  async function casesOf(vehicleId: string, status?: string): Promise<CaseJson[]> {
    const res = await rig.app.request('GET', `/call-centre/cases?vehicleId=${vehicleId}${status ? `&status=${status}` : ''}&pageSize=200`, { role: 'callcentre' });
    expect(res.status).toBe(200);
    return res.body.items;
  }

  it('opens a top-priority case for a crash, with its position, evidence and the vehicle contact', async () => {
    const contact = await rig.app.request('PUT', '/call-centre/contacts/veh-c1', {
      role: 'callcentre',
      body: { ownerName: 'Sato Logistics', ownerPhone: '+81 3 1234 5678', driverName: 'Ken Tanaka', driverPhone: '+81 90 1111 2222', by: 'alice' },
    });
    expect(contact.status).toBe(201);
    await publish(
      incident({ subjectId: 'veh-c1', kind: 'diagnostic-code', severity: 'medium', component: 'emissions', findingId: 'veh-c1:diagnostic-code:P0420:1' }),
      incident({ subjectId: 'veh-c1', kind: 'crash', position: { lat: 35.7, lon: 139.8 } }),
    );
    const [first, second] = await expectEventually(async () => {
      const items = await casesOf('veh-c1');
      expect(items).toHaveLength(2);
      return items;
    });
    // the queue: crash (P1) first
    expect(first).toMatchObject({ kind: 'crash', priority: 1, status: 'new', position: { lat: 35.7, lon: 139.8 }, overdue: false });
    expect(second).toMatchObject({ kind: 'diagnostic-code', priority: 4 });
    expect(new Date(first.slaDueAt).getTime() - new Date(first.openedAt).getTime()).toBe(SLA[1] * 1000);
    const detail = await rig.app.request('GET', `/call-centre/cases/${first.id}`, { role: 'operator' });
    expect(detail.status).toBe(200);
    expect(detail.body.contact).toMatchObject({ ownerName: 'Sato Logistics', driverPhone: '+81 90 1111 2222' });
    expect(detail.body.incidents[0]).toMatchObject({ kind: 'crash', position: { lat: 35.7, lon: 139.8 } });
    expect(detail.body.incidents[0].evidence.readings[0]).toMatchObject({ metric: 'accelMagnitudeG', value: 6.2 });
    expect(detail.body.timeline.map((e: { type: string }) => e.type)).toEqual(['opened']);
    expect(detail.body.allowedTransitions).toEqual(['acknowledged']);
    // its lineage: the incident's Kafka record (published here without a cause of its own)
    const lineage = await rig.app.request('GET', `/call-centre/cases/${first.id}/lineage`, { role: 'callcentre' });
    expect(lineage.status).toBe(200);
    expect(lineage.body).toMatchObject({ case: { id: first.id, vehicleId: 'veh-c1', kind: 'crash' } });
    expect(lineage.body.incidents).toEqual([
      expect.objectContaining({ kind: 'crash', record: expect.objectContaining({ topic: TOPICS.vehicleIncidents, partition: expect.any(Number) }), source: null }),
    ]);
    expect((await rig.app.request('GET', `/call-centre/cases/00000000-0000-4000-8000-000000000000/lineage`)).status).toBe(404);
    expect((await rig.app.request('GET', `/call-centre/cases/${first.id}/lineage`, { role: 'trading' })).status).toBe(403);
  });

  it('records each incident once and attaches further incidents of the same kind to the open case', async () => {
    const a = incident({ subjectId: 'veh-c2', kind: 'diagnostic-code', severity: 'medium', findingId: 'veh-c2:dtc:P0300:1' });
    const b = incident({ subjectId: 'veh-c2', kind: 'diagnostic-code', severity: 'critical', findingId: 'veh-c2:dtc:P0217:2', position: { lat: 34, lon: 135 } });
    await publish(a, a, a, b, b);
    const c = await expectEventually(async () => {
      const items = await casesOf('veh-c2');
      expect(items).toHaveLength(1);
      expect(items[0].incidentCount).toBe(2);
      return items[0];
    });
    // the critical code raised the case to P2 and moved its position
    expect(c).toMatchObject({ priority: 2, severity: 'critical', lastPosition: { lat: 34, lon: 135 } });
    const detail = await rig.app.request('GET', `/call-centre/cases/${c.id}`);
    expect(detail.body.timeline.map((e: { type: string }) => e.type)).toEqual(['opened', 'incident-attached', 'priority-raised']);
  });

  it('escalates a case left unacknowledged past its SLA exactly once', async () => {
    await publish(
      incident({ subjectId: 'veh-c3', kind: 'overheating', severity: 'high' }),
      incident({ subjectId: 'veh-c4', kind: 'overheating', severity: 'high' }),
    );
    const [late, acked] = await expectEventually(async () => {
      const items = [...(await casesOf('veh-c3')), ...(await casesOf('veh-c4'))];
      expect(items).toHaveLength(2);
      return items;
    });
    expect((await rig.app.request('POST', `/call-centre/cases/${acked.id}/acknowledge`, { role: 'callcentre', body: { by: 'bob' } })).status).toBe(200);
    clock.advance(SLA[3] * 1000 + 1); // past the P3 due time
    await expectEventually(async () => {
      const res = await rig.app.request('GET', `/call-centre/cases/${late.id}`);
      expect(res.body.escalatedAt).not.toBeNull();
    }, { timeoutMs: 10_000 });
    // more passes of the job (and the timer keeps running): still one escalation
    const job = rig.app.app.get(EscalationJob);
    for (let i = 0; i < 3; i++) await job.run();
    clock.advance(60_000);
    await job.run();
    const res = await rig.app.request('GET', `/call-centre/cases/${late.id}`);
    const escalations = res.body.timeline.filter((e: { type: string }) => e.type === 'escalated');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({ actor: 'system:escalation', fromStatus: 'new' });
    expect(res.body).toMatchObject({ escalationLevel: 1, overdue: true, status: 'new' });
    // the acknowledged one is never escalated
    const ok = await rig.app.request('GET', `/call-centre/cases/${acked.id}`);
    expect(ok.body.escalatedAt).toBeNull();
    expect(ok.body.timeline.map((e: { type: string }) => e.type)).toEqual(['opened', 'acknowledged', 'assigned']);
  });

  it('moves a case through its lifecycle, recording who and when; 409 / 400 / 404 otherwise', async () => {
    await publish(incident({ subjectId: 'veh-c5', kind: 'battery-failing', severity: 'high' }));
    const c = await expectEventually(async () => {
      const items = await casesOf('veh-c5');
      expect(items).toHaveLength(1);
      return items[0];
    });
    const path = `/call-centre/cases/${c.id}`;
    const early = await rig.app.request('POST', `${path}/resolve`, { role: 'callcentre', body: { by: 'carol', resolution: 'x' } });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ currentStatus: 'new', allowedTransitions: ['acknowledged'] });

    const bad = await rig.app.request('POST', `${path}/assign`, { role: 'callcentre', body: { by: 'carol' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/agent/);
    expect((await rig.app.request('POST', `/call-centre/cases/00000000-0000-4000-8000-000000000000/acknowledge`, { role: 'callcentre', body: { by: 'x' } })).status).toBe(404);
    expect((await rig.app.request('GET', `/call-centre/cases/not-a-case`)).status).toBe(404);
    expect((await rig.app.request('POST', `${path}/acknowledge`, { role: 'trading', body: { by: 'x' } })).status).toBe(403);

    expect((await rig.app.request('POST', `${path}/acknowledge`, { role: 'callcentre', body: { by: 'carol' } })).status).toBe(200);
    expect((await rig.app.request('POST', `${path}/assign`, { role: 'callcentre', body: { agent: 'dave', by: 'carol' } })).status).toBe(200);
    expect((await rig.app.request('POST', `${path}/contact`, { role: 'callcentre', body: { by: 'dave', note: 'driver reached' } })).status).toBe(200);
    expect((await rig.app.request('POST', `${path}/notes`, { role: 'callcentre', body: { by: 'dave', text: 'tow truck booked' } })).status).toBe(201);
    expect((await rig.app.request('POST', `${path}/resolve`, { role: 'callcentre', body: { by: 'dave', resolution: 'battery replaced' } })).status).toBe(200);
    const closed = await rig.app.request('POST', `${path}/close`, { role: 'callcentre', body: { by: 'dave' } });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', assignedAgent: 'dave', resolution: 'battery replaced', allowedTransitions: [] });
    expect(closed.body.timeline.map((e: { type: string; actor: string }) => `${e.type}:${e.actor}`)).toEqual([
      'opened:system:call-centre',
      'acknowledged:carol',
      'assigned:carol',
      'assigned:carol',
      'in_contact:dave',
      'note:dave',
      'resolved:dave',
      'closed:dave',
    ]);
    expect(closed.body.timeline.every((e: { at: string }) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    const again = await rig.app.request('POST', `${path}/close`, { role: 'callcentre', body: { by: 'dave' } });
    expect(again.status).toBe(409);
    expect(again.body.allowedTransitions).toEqual([]);
    // closed cases leave the queue; a new incident of the same kind opens a new case
    expect(await casesOf('veh-c5')).toHaveLength(0);
    await publish(incident({ subjectId: 'veh-c5', kind: 'battery-failing', severity: 'high', findingId: 'veh-c5:battery:2' }));
    await expectEventually(async () => expect(await casesOf('veh-c5')).toHaveLength(1));
  });

  it('paginates the queue by priority then SLA due time', async () => {
    const v = 'veh-c6';
    await publish(
      incident({ subjectId: v, kind: 'harsh-driving', severity: 'low', findingId: `${v}:h` }),
      incident({ subjectId: v, kind: 'overheating', severity: 'critical', findingId: `${v}:o` }),
      incident({ subjectId: v, kind: 'crash', findingId: `${v}:c` }),
    );
    await expectEventually(async () => expect(await casesOf(v)).toHaveLength(3));
    const p1 = await rig.app.request('GET', `/call-centre/cases?vehicleId=${v}&pageSize=2&page=1`);
    const p2 = await rig.app.request('GET', `/call-centre/cases?vehicleId=${v}&pageSize=2&page=2`);
    expect(p1.body.total).toBe(3);
    expect([...p1.body.items, ...p2.body.items].map((c: { kind: string }) => c.kind)).toEqual(['crash', 'overheating', 'harsh-driving']);
    const bad = await rig.app.request('GET', `/call-centre/cases?pageSize=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/pageSize/);
  });

  it('dead-letters a malformed vehicle incident with its reason and goes on', async () => {
    const dlq = await collectTopic(rig.bus, [deadLetterTopicOf(TOPICS.vehicleIncidents)]);
    try {
      const broken = { ...incident({ subjectId: 'veh-c7', kind: 'crash' }), severity: 'apocalyptic' };
      await rig.bus.publish(TOPICS.vehicleIncidents, [
        { key: 'veh-c7', value: '{not json' },
        { key: 'veh-c7', value: JSON.stringify(broken) },
        { key: 'veh-c7', value: JSON.stringify(incident({ subjectId: 'veh-c7', kind: 'crash', findingId: 'veh-c7:ok' })) },
      ]);
      const letters = await expectEventually(() => {
        const all = dlq.json<DeadLetterV1>();
        expect(all).toHaveLength(2);
        return all;
      });
      expect(letters.map((l) => l.reason).sort()).toEqual(['malformed-json', 'schema-violation']);
      expect(letters.find((l) => l.reason === 'schema-violation')!.detail).toMatch(/severity/);
      expect(letters[0]!.origin.topic).toBe(TOPICS.vehicleIncidents);
      expect(letters[0]!.rejectedBy).toBe('call-centre');
      await expectEventually(async () => expect(await casesOf('veh-c7')).toHaveLength(1));
    } finally {
      await dlq.stop();
    }
  });

  it('validates contacts', async () => {
    const bad = await rig.app.request('PUT', '/call-centre/contacts/veh-c8', { role: 'callcentre', body: { ownerName: 'X', ownerPhone: 'call me', by: 'a' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/ownerPhone/);
    expect((await rig.app.request('GET', '/call-centre/contacts/veh-c8')).status).toBe(404);
    const ok = await rig.app.request('PUT', '/call-centre/contacts/veh-c8', { role: 'callcentre', body: { ownerName: 'X', ownerPhone: '0312345678', by: 'a' } });
    expect(ok.status).toBe(201);
    const replaced = await rig.app.request('PUT', '/call-centre/contacts/veh-c8', { role: 'callcentre', body: { ownerName: 'Y', ownerPhone: '0312345678', by: 'b' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ ownerName: 'Y', updatedBy: 'b' });
  });
});
