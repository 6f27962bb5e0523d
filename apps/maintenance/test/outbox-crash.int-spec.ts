/**
 * The outbox across a crash, with maintenance as a real process on real Kafka and
 * PostgreSQL: work orders are closed while the process does not relay its outbox
 * (`OUTBOX_RELAY=false`), the process is killed (SIGKILL) between the commits and
 * any relay, and started again. Every closure is then published, exactly once per
 * closed order; a transition that was refused (a rolled-back transaction) publishes
 * nothing.
 */
import { TOPICS, type WorkOrderClosedV1 } from '@tsunagu/contracts';
import { maintenanceFinding } from '@tsunagu/operation-analysis';
import { appUnderTest } from '../../../test/support/app-under-test';
import { freePort } from '../../../test/support/kafka-broker';
import { ServiceProcess } from '../../../test/support/service-process';
import { expectEventually, testKafkaBrokers, uniqueId } from '../../../test/support/test-env';

const TOKEN = 'outbox-crash-maintenance-token-0123';
const T0 = Date.UTC(2026, 10, 29, 1, 0, 0);

const finding = (machineId: string, n: number) => maintenanceFinding({ subjectId: machineId, detectedAt: T0 + n });

describe('outbox: maintenance killed between commit and relay (real process, Kafka, PostgreSQL)', () => {
  const prefix = uniqueId('obx-');
  const rig = appUnderTest({ kafka: prefix, topics: [TOPICS.maintenanceFindings, TOPICS.workOrderClosed], pg: true, collect: [TOPICS.workOrderClosed] });
  let service: ServiceProcess;

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    service = rig.resources.own(
      new ServiceProcess({
        app: 'maintenance',
        httpPort: await freePort(),
        env: { KAFKA_BROKERS: testKafkaBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, DATABASE_URL: rig.db.url, API_TOKENS: `maintenance:${TOKEN}` },
      }),
      (s) => s.kill(),
    );
  });

  it('publishes every committed closure after the restart, once each, and nothing for a refused transition', async () => {
    await service.start({ OUTBOX_RELAY: 'false' });
    const machines = ['m-a', 'm-b', 'm-c', 'm-d'].map((m) => `${prefix}${m}`);
    await rig.bus.publish(TOPICS.maintenanceFindings, machines.map((m) => ({ key: m, value: JSON.stringify(finding(m, 1)) })));
    const ids = await expectEventually(async () => {
      const { body } = await call('GET', `/work-orders?status=open&pageSize=50`);
      const items = (body.items as Array<{ id: string; machineId: string }>).filter((w) => machines.includes(w.machineId));
      expect(items).toHaveLength(4);
      return items.map((w) => w.id);
    }, { timeoutMs: 60_000 });

    const closed = ids.slice(0, 3);
    for (const id of closed.slice(0, 2)) {
      expect((await call('POST', `/work-orders/${id}/transitions`, { status: 'in_progress', by: 'sato' })).status).toBe(200);
      expect((await call('POST', `/work-orders/${id}/transitions`, { status: 'done', by: 'sato' })).status).toBe(200);
    }
    expect((await call('POST', `/work-orders/${closed[2]}/transitions`, { status: 'cancelled', by: 'sato' })).status).toBe(200);
    // refused (open → open is no transition): its transaction rolls back, nothing may be published for it
    expect((await call('POST', `/work-orders/${ids[3]}/transitions`, { status: 'open', by: 'sato' })).status).toBe(409);

    const waiting = await rig.pg.query(`SELECT topic FROM maintenance.kernel_outbox`);
    expect(waiting.rows.map((r) => r.topic)).toEqual([TOPICS.workOrderClosed, TOPICS.workOrderClosed, TOPICS.workOrderClosed]);
    expect(rig.records.messages).toHaveLength(0);

    await service.kill('SIGKILL');
    await service.start();

    await expectEventually(() => expect(rig.records.json<WorkOrderClosedV1>().map((c) => c.workOrderId).sort()).toEqual([...closed].sort()), { timeoutMs: 30_000 });
    // exactly once: nothing more arrives, and the outbox is empty
    await new Promise((r) => setTimeout(r, 1500));
    expect(rig.records.messages).toHaveLength(3);
    expect((await rig.pg.query(`SELECT count(*)::int AS n FROM maintenance.kernel_outbox`)).rows[0].n).toBe(0);
    for (const m of rig.records.messages) {
      expect(m.headers).toMatchObject({ producer: 'maintenance', schema: TOPICS.workOrderClosed, 'source-topic': 'http:POST /work-orders/:id/transitions' });
    }
  });
});
