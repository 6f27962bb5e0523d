import {
  deadLetterTopicOf,
  TOPICS,
  type DeadLetterV1,
  type MaintenanceFindingV1,
  type WorkOrderClosedV1,
} from '@tsunagu/contracts';
import { maintenanceFinding } from '@tsunagu/operation-analysis';
import { TEST_TOKENS } from '../../../test/support/app-harness';
import { appUnderTest } from '../../../test/support/app-under-test';
import type { WorkOrderView } from '../../../test/support/api-views';
import { collectTopic, expectEventually, uniqueId } from '../../../test/support/test-env';
import { MaintenanceModule } from '../src/maintenance.module';

const T0 = Date.UTC(2026, 10, 29, 1, 0, 0);

const finding = (overrides: Partial<MaintenanceFindingV1> & Pick<MaintenanceFindingV1, 'findingId' | 'subjectId'>) => maintenanceFinding({ detectedAt: T0, engineHours: 1523.4, ...overrides });

describe('maintenance management (real Kafka, real PostgreSQL)', () => {
  const rig = appUnderTest({
    serviceName: 'maintenance',
    kafka: uniqueId('mt-'),
    topics: [TOPICS.maintenanceFindings, TOPICS.workOrderClosed],
    modules: [MaintenanceModule.register()],
    pg: true,
    collect: [TOPICS.workOrderClosed],
  });

  const publish = (findings: Array<MaintenanceFindingV1 | string>) =>
    rig.bus.publish(
      TOPICS.maintenanceFindings,
      findings.map((f) => (typeof f === 'string' ? { key: 'x', value: f } : { key: f.subjectId, value: JSON.stringify(f) })),
    );
  const workOrdersOf = async (machineId: string) => (await rig.app.request('GET', `/work-orders?machineId=${machineId}&pageSize=50`)).body.items as WorkOrderView[];

  it('opens one work order per problem, idempotently, and attaches repeats with count, last seen and worst severity', async () => {
    const m = uniqueId('exc-');
    const first = finding({ findingId: `${m}:1`, subjectId: m, severity: 'medium', kind: 'trend', predictedTimeToLimitSec: 1200 });
    // the same finding twice (at-least-once), then a worse one for the same problem
    await publish([first, first]);
    await publish([finding({ findingId: `${m}:2`, subjectId: m, severity: 'critical', detectedAt: T0 + 60_000 }), first]);
    const [wo] = await expectEventually(async () => {
      const items = await workOrdersOf(m);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ findingCount: 2, severity: 'critical', status: 'open', kind: 'trend', predictedTimeToLimitSec: 1200 });
      return items;
    });
    expect(new Date(wo!.lastDetectedAt).getTime()).toBe(T0 + 60_000);
    expect(new Date(wo!.predictedLimitAt!).getTime()).toBe(T0 + 1_200_000);
    const detail = await rig.app.request('GET', `/work-orders/${wo!.id}`, { role: 'operator' });
    expect(detail.status).toBe(200);
    expect(detail.body.timeline.map((f: { findingId: string }) => f.findingId)).toEqual([`${m}:1`, `${m}:2`]);
    expect(detail.body.timeline[0].evidence.detector).toBe('limit-hysteresis');
    expect(detail.body.history).toEqual([expect.objectContaining({ actor: 'system:maintenance', toStatus: 'open' })]);
    const { rows } = await rig.pg.query(`SELECT count(*)::int AS n FROM maintenance.work_order_findings WHERE finding_id LIKE $1`, [`${m}:%`]);
    expect(rows[0].n).toBe(2);
  });

  it('runs the lifecycle with history, refuses invalid transitions with 409, publishes the closure, records the service, and a recurrence opens a new work order', async () => {
    const m = uniqueId('crn-');
    expect((await rig.app.request('PUT', `/machines/${m}`, { body: { model: 'crane-50t', site: 'shinjuku-a' } })).status).toBe(201);
    await publish([finding({ findingId: `${m}:1`, subjectId: m, component: 'vibration', model: 'crane-50t' })]);
    const [wo] = await expectEventually(async () => {
      const items = await workOrdersOf(m);
      expect(items).toHaveLength(1);
      return items;
    });
    expect(wo!.site).toBe('shinjuku-a');
    const done = await rig.app.request('POST', `/work-orders/${wo!.id}/transitions`, { body: { status: 'done', by: 'tanaka' } });
    expect(done.status).toBe(409);
    expect(done.body.allowed).toEqual(['scheduled', 'in_progress', 'cancelled']);
    const asOperator = await rig.app.request('POST', `/work-orders/${wo!.id}/transitions`, { body: { status: 'scheduled', by: 'x' }, role: 'operator' });
    expect(asOperator.status).toBe(403);
    for (const status of ['scheduled', 'in_progress', 'done']) {
      const res = await rig.app.request('POST', `/work-orders/${wo!.id}/transitions`, {
        body: { status, by: 'tanaka', ...(status === 'done' ? { engineHours: 1530, note: 'bearing replaced' } : {}) },
        role: 'maintenance',
      });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(status);
    }
    const detail = await rig.app.request('GET', `/work-orders/${wo!.id}`);
    expect(detail.body.history.map((h: { toStatus: string }) => h.toStatus)).toEqual(['open', 'scheduled', 'in_progress', 'done']);
    expect(detail.body.history[3]).toMatchObject({ actor: 'tanaka', role: 'maintenance', fromStatus: 'in_progress' });
    expect(detail.body.workOrder).toMatchObject({ closedBy: 'tanaka' });
    const event = await expectEventually(() => {
      const e = rig.records.json<WorkOrderClosedV1>().find((c) => c.workOrderId === wo!.id);
      expect(e).toBeDefined();
      return e!;
    });
    expect(event).toMatchObject({ machineId: m, dedupKey: `${m}:vibration`, status: 'done', closedBy: 'tanaka' });
    const history = await rig.app.request('GET', `/machines/${m}`);
    expect(history.status).toBe(200);
    expect(history.body.serviceHistory).toEqual([expect.objectContaining({ workOrderId: wo!.id, engineHours: 1530, performedBy: 'tanaka' })]);
    expect(history.body.machine.engineHours).toBe(1530);

    // the same problem again after closure: a new work order
    await publish([finding({ findingId: `${m}:2`, subjectId: m, component: 'vibration', model: 'crane-50t', detectedAt: T0 + 3_600_000 })]);
    await expectEventually(async () => {
      const items = await workOrdersOf(m);
      expect(items.map((i) => i.status).sort()).toEqual(['done', 'open']);
    });
  });

  it("carries the closing request's correlation id into the closure's record (relayed after commit), request after request", async () => {
    // the ids flow only while a request is open (the storage is off between requests): two closures, each with its own
    for (const n of [1, 2]) {
      const m = uniqueId('cid-');
      await publish([finding({ findingId: `${m}:1`, subjectId: m, component: 'vibration' })]);
      const [wo] = await expectEventually(async () => {
        const items = await workOrdersOf(m);
        expect(items).toHaveLength(1);
        return items;
      });
      const res = await fetch(`${rig.app.httpUrl}/work-orders/${wo!.id}/transitions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_TOKENS.maintenance}`, 'x-correlation-id': `req-close-${n}` },
        body: JSON.stringify({ status: 'cancelled', by: 'tanaka' }),
      });
      expect(res.status).toBe(200);
      const record = await expectEventually(() => {
        const r = rig.records.messages.find((msg) => (JSON.parse(String(msg.value)) as WorkOrderClosedV1).workOrderId === wo!.id);
        expect(r).toBeDefined();
        return r!;
      });
      expect(record.headers['correlation-id']).toBe(`req-close-${n}`);
    }
  });

  it('lists with filters and pagination', async () => {
    const site = uniqueId('site-');
    const machines = [uniqueId('a-'), uniqueId('b-'), uniqueId('c-')];
    for (const m of machines) await rig.app.request('PUT', `/machines/${m}`, { body: { model: 'dump-truck-40t', site } });
    await publish(
      machines.flatMap((m, i) => [
        finding({ findingId: `${m}:c`, subjectId: m, severity: i === 0 ? 'critical' : 'low' }),
        finding({ findingId: `${m}:v`, subjectId: m, component: 'vibration', severity: 'medium' }),
      ]),
    );
    await expectEventually(async () => {
      const res = await rig.app.request('GET', `/work-orders?site=${site}`);
      expect(res.body.total).toBe(6);
    });
    const page1 = await rig.app.request('GET', `/work-orders?site=${site}&pageSize=4&page=1`);
    const page2 = await rig.app.request('GET', `/work-orders?site=${site}&pageSize=4&page=2`);
    expect(page1.body.items).toHaveLength(4);
    expect(page2.body.items).toHaveLength(2);
    expect(page1.body.items[0].severity).toBe('critical');
    const ids = new Set([...page1.body.items, ...page2.body.items].map((w: { id: string }) => w.id));
    expect(ids.size).toBe(6);
    const severe = await rig.app.request('GET', `/work-orders?site=${site}&severity=critical,medium&status=open`);
    expect(severe.body.total).toBe(4);
    const one = await rig.app.request('GET', `/work-orders?site=${site}&machineId=${machines[1]}`);
    expect(one.body.total).toBe(2);
  });

  it('answers 400 naming the field, 404 for unknown ids', async () => {
    const bad = await rig.app.request('GET', '/work-orders?status=closed');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('status');
    const badPage = await rig.app.request('GET', '/work-orders?pageSize=1000');
    expect(badPage.status).toBe(400);
    expect(badPage.body.message).toContain('pageSize');
    const badBody = await rig.app.request('POST', '/work-orders/00000000-0000-4000-8000-000000000000/transitions', { body: { status: 'done' } });
    expect(badBody.status).toBe(400);
    expect(badBody.body.message).toContain('by');
    expect((await rig.app.request('GET', '/work-orders/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await rig.app.request('GET', '/work-orders/not-a-uuid')).status).toBe(404);
    expect((await rig.app.request('POST', '/work-orders/00000000-0000-4000-8000-000000000000/transitions', { body: { status: 'done', by: 'x' } })).status).toBe(404);
    expect((await rig.app.request('GET', '/machines/nope-123')).status).toBe(404);
    const badMachine = await rig.app.request('PUT', '/machines/m-1', { body: { site: 'x' } });
    expect(badMachine.status).toBe(400);
    expect(badMachine.body.message).toContain('model');
    expect((await rig.app.request('GET', '/work-orders', { role: null })).status).toBe(401);
  });

  it('dead-letters a malformed finding with its reason and goes on', async () => {
    const dlq = await collectTopic(rig.bus, [deadLetterTopicOf(TOPICS.maintenanceFindings)]);
    const m = uniqueId('bad-');
    const { severity: _omit, ...withoutSeverity } = finding({ findingId: `${m}:0`, subjectId: m });
    await publish(['{not json', JSON.stringify(withoutSeverity), finding({ findingId: `${m}:1`, subjectId: m })]);
    await expectEventually(async () => expect(await workOrdersOf(m)).toHaveLength(1));
    const letters = await expectEventually(() => {
      const l = dlq.json<DeadLetterV1>().filter((d) => d.payload.includes(m) || d.payload === '{not json');
      expect(l.length).toBeGreaterThanOrEqual(2);
      return l;
    });
    await dlq.stop();
    expect(letters.map((l) => l.reason).sort()).toEqual(expect.arrayContaining(['malformed-json', 'schema-violation']));
    const violation = letters.find((l) => l.reason === 'schema-violation')!;
    expect(violation.detail).toContain('severity');
    expect(violation.origin.topic).toBe(TOPICS.maintenanceFindings);
    expect(violation.origin.offset).toMatch(/^\d+$/);
  });
});
