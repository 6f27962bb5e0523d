/**
 * Alarm rules as data, on a real PostgreSQL with the in-process bus: operation
 * analysis and maintenance run; a machine's coolant sits below its catalogue
 * limit; lowering the limit of its model through REST makes the next readings
 * above the new limit open a work order, without a restart, and the finding
 * names the rule version. Edits are validated and versioned (stale → 409), with
 * their history.
 */
import { TOPICS } from '@tsunagu/contracts';
import { syntheticSeries } from '@tsunagu/operation-analysis';
import { AlarmRulesRefreshJob, InProcessBus, Publisher } from '@tsunagu/platform';
import { appUnderTest } from '../../../test/support/app-under-test';
import { startApp } from '../../../test/support/app-harness';
import { expectEventually, uniqueId } from '../../../test/support/test-env';
import { MaintenanceModule } from '@apps/maintenance';
import { OperationAnalysisModule } from '../src/operation-analysis.module';

const T0 = Date.UTC(2026, 10, 30, 8);
const MODEL = 'excavator-20t';

describe('alarm rules operators change at run time (real PostgreSQL)', () => {
  const rig = appUnderTest({ serviceName: 'platform', modules: [OperationAnalysisModule.register(), MaintenanceModule.register()] });
  /** publishes as the ingest broker does */
  const ingest = () => new Publisher(rig.bus, { producer: 'ingest-broker', validate: true });
  const machineId = uniqueId('exc-r-');

  const publish = (startSeq: number, count: number, coolantTempC: number) =>
    ingest().publish(
      TOPICS.machineTelemetry,
      syntheticSeries({ deviceId: machineId, model: MODEL, startTs: T0 + startSeq * 1000, intervalSec: 1, startSeq, count, values: () => ({ coolantTempC }) }).map((value) => ({ value, cause: { topic: 'test' } })),
    );
  const workOrders = async () => (await rig.app.request('GET', `/work-orders?machineId=${machineId}`, { role: 'maintenance' })).body.items;
  const analysedThrough = async () => (await rig.app.request('GET', `/utilisation?machineId=${machineId}`, { role: 'operator' })).body;
  const putRule = (version: number, rule: unknown, role: 'maintenance' | 'operator' = 'maintenance') =>
    rig.app.request('PUT', `/alarm-rules/models/${MODEL}`, { body: { version, rule }, role });

  it('lowering the coolant limit through REST makes the next readings above it open a work order naming the rule version', async () => {
    // 95 °C for a minute: inside the catalogue's 105 °C limit
    await publish(1, 60, 95);
    await expectEventually(async () => expect(JSON.stringify(await analysedThrough())).toContain(machineId));
    expect(await workOrders()).toEqual([]);

    const changed = await putRule(0, { metrics: { coolantTempC: { limit: { value: 90, minDurationSec: 10 } } } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ scope: 'model', target: MODEL, version: 1, updatedBy: 'api:maintenance' });
    const view = await rig.app.request('GET', `/alarm-rules/models/${MODEL}`, { role: 'operator' });
    expect(view.body.effective.metrics.coolantTempC.limit).toMatchObject({ value: 90, minDurationSec: 10, hysteresis: 3, critical: 110 });
    expect(view.body.ruleVersion).toMatch(/^catalogue@.+\+model:excavator-20t@v1$/);

    // the same service, no restart: the next readings at 95 °C are beyond the new limit
    await publish(61, 30, 95);
    const [order] = await expectEventually(async () => {
      const items = await workOrders();
      expect(items).toHaveLength(1);
      return items;
    });
    expect(order).toMatchObject({ dedupKey: `${machineId}:coolant`, kind: 'limit-crossed' });
    const detail = await rig.app.request('GET', `/work-orders/${order.id}`, { role: 'maintenance' });
    expect(detail.body.timeline[0].evidence).toMatchObject({ ruleVersion: view.body.ruleVersion, thresholds: { limit: 90, minDurationSec: 10 } });
  });

  it('validates and versions every change, with who changed what and the previous version', async () => {
    const stale = await putRule(0, { metrics: { coolantTempC: { limit: { value: 80 } } } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'RULE_VERSION_CONFLICT', currentVersion: 1 });
    const bad = await putRule(1, { metrics: { coolantTempC: { limit: { value: 'cold' } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('metrics.coolantTempC.limit.value');
    const inverted = await putRule(1, { metrics: { coolantTempC: { limit: { value: 115 } } } });
    expect(inverted.status).toBe(400);
    expect(inverted.body.message).toContain('critical');
    expect((await putRule(1, { serviceIntervals: [{ task: 'engine-oil', everyHours: 250 }] }, 'operator')).status).toBe(403);

    expect((await putRule(1, { metrics: { coolantTempC: { limit: { value: 92 } } } })).body.version).toBe(2);
    const history = await rig.app.request('GET', `/alarm-rules/models/${MODEL}/history`, { role: 'operator' });
    expect(history.body.map((h: { version: number; previousVersion: number | null; changedBy: string }) => [h.version, h.previousVersion, h.changedBy])).toEqual([
      [2, 1, 'api:maintenance'],
      [1, null, 'api:maintenance'],
    ]);
    expect(history.body[0].previousRule).toEqual({ metrics: { coolantTempC: { limit: { value: 90, minDurationSec: 10 } } } });
  });

  it('another instance picks the change up from the table with its refresh job', async () => {
    // a second instance of operation analysis on the same database (its own bus: one consumer per group per in-process bus)
    const otherBus = new InProcessBus(3);
    const other = await startApp({ serviceName: 'operation-analysis', bus: otherBus, databaseUrl: rig.db.url, modules: [OperationAnalysisModule.register({ rulesPollMs: 3_600_000 })] });
    try {
      const effective = async () => (await other.request('GET', `/alarm-rules/devices/${machineId}`, { role: 'operator' })).body;
      await other.app.get(AlarmRulesRefreshJob).run();
      expect((await effective()).effective.metrics.coolantTempC.limit.value).toBe(92);
      const own = await rig.app.request('PUT', `/alarm-rules/devices/${machineId}`, { body: { version: 0, rule: { metrics: { coolantTempC: { limit: { value: 88 } } } } }, role: 'maintenance' });
      expect(own.status).toBe(200);
      expect(await other.app.get(AlarmRulesRefreshJob).run()).toBe(true);
      const view = await effective();
      expect(view.effective.metrics.coolantTempC.limit.value).toBe(88);
      expect(view.ruleVersion).toMatch(new RegExp(`\\+model:excavator-20t@v2\\+device:${machineId}@v1$`));
    } finally {
      await other.close();
      await otherBus.close();
    }
  });
});
