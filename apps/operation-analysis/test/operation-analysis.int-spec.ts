/**
 * Pair 1 end to end: machines publish telemetry over MQTT (ingest broker) →
 * Kafka → operation analysis → maintenance findings on Kafka → maintenance
 * management work orders, against a real Kafka and a real PostgreSQL. Telemetry
 * carries synthetic timestamps (the detectors' clock), so hours replay in seconds.
 */
import { deadLetterTopicOf, TOPICS, type DeadLetterV1, type MaintenanceFindingV1 } from '@tsunagu/contracts';
import type { Cause } from '@tsunagu/platform';
import { appUnderTest } from '../../../test/support/app-under-test';
import type { WorkOrderView } from '../../../test/support/api-views';
import { collectTopic, createTestBus, expectEventually, uniqueId } from '../../../test/support/test-env';
import { MaintenanceModule } from '@apps/maintenance';
import { OperationAnalysisModule } from '../src/operation-analysis.module';
import { analysedSeq, expectedFindings, provisionMachine, publishOverMqtt, series, type Device } from './pair1-fixtures';

const SITE = 'shinjuku-a';

describe('pair 1: machines over MQTT → operation analysis → maintenance (real Kafka, real PostgreSQL)', () => {
  const prefix = uniqueId('p1-');
  const rig = appUnderTest({
    serviceName: 'pair1-core',
    kafka: prefix,
    topics: [TOPICS.machineTelemetry, TOPICS.maintenanceFindings, TOPICS.workOrderClosed],
    ingest: {},
    modules: [MaintenanceModule.register()],
    pg: true,
    collect: [TOPICS.maintenanceFindings],
  });

  /** An analysis instance on its own bus, so it can be stopped and started like a separate process. */
  const analysisInstance = () => rig.resources.restartable(() => ({ serviceName: 'operation-analysis', bus: () => createTestBus(prefix), databaseUrl: rig.db.url, modules: [OperationAnalysisModule.register()] }));
  const analysis = analysisInstance();

  const workOrdersOf = async (machineId: string) => (await rig.app.request('GET', `/work-orders?machineId=${machineId}&pageSize=50`)).body.items as WorkOrderView[];
  const findingsOf = (machineId: string) => rig.records.json<MaintenanceFindingV1>(TOPICS.maintenanceFindings).filter((f) => f.subjectId === machineId);
  const untilAnalysed = (machineId: string, seq: number) =>
    expectEventually(async () => expect(await analysedSeq(rig.pg, machineId)).toBe(seq), { timeoutMs: 60_000, intervalMs: 200 });
  /** A device on the ingest broker, registered in maintenance's machine registry with its site. */
  const newMachine = async (model = 'excavator-20t'): Promise<Device> => {
    const device = await provisionMachine(rig.app, model, SITE);
    const registered = await rig.app.request('PUT', `/machines/${device.deviceId}`, { body: { model, site: SITE }, role: 'maintenance' });
    expect(registered.status).toBe(201);
    return device;
  };

  beforeAll(() => analysis.start());

  it('a steady coolant climb: exactly one work order, opened before the limit, with a predicted time to limit', async () => {
    const machine = await newMachine();
    // 30 min steady at 88 °C, then +0.4 °C/min until past the 105 °C limit
    const climbStart = 360;
    const readings = series(machine, { count: climbStart + 12 * 50, values: (i) => ({ coolantTempC: 88 + (i < climbStart ? 0 : (0.4 * (i - climbStart)) / 12) }) });
    await publishOverMqtt(rig.mqttUrl, machine, readings);
    await untilAnalysed(machine.deviceId, readings.length - 1);
    const limitReachedAt = readings.find((r) => r.coolantTempC >= 105)!.ts;

    const [wo] = await expectEventually(async () => {
      const items = await workOrdersOf(machine.deviceId);
      expect(items).toHaveLength(1);
      // the trend opened it; the later limit crossing attached to it
      expect(items[0]!.findingCount).toBe(findingsOf(machine.deviceId).length);
      return items;
    });
    expect(wo).toMatchObject({ component: 'coolant', kind: 'trend', dedupKey: `${machine.deviceId}:coolant`, status: 'open', site: SITE, model: 'excavator-20t' });
    expect(new Date(wo!.firstDetectedAt).getTime()).toBeLessThan(limitReachedAt);
    expect(wo!.predictedTimeToLimitSec).toBeGreaterThan(0);
    const detail = await rig.app.request('GET', `/work-orders/${wo!.id}`, { role: 'operator' });
    const kinds = detail.body.timeline.map((f: { kind: string }) => f.kind);
    expect(kinds[0]).toBe('trend');
    expect(kinds).toContain('limit-crossed');
    const firstTrend = detail.body.timeline[0];
    expect(firstTrend.predictedTimeToLimitSec).toBeGreaterThan(0);
    expect(firstTrend.evidence).toMatchObject({ detector: 'least-squares-trend', thresholds: { limit: 105 } });
    expect(firstTrend.origin.topic).toBe(TOPICS.machineTelemetry);
    // the prediction lands near the real crossing (±10 min)
    const predictedAt = new Date(firstTrend.detectedAt).getTime() + firstTrend.predictedTimeToLimitSec * 1000;
    expect(Math.abs(predictedAt - limitReachedAt)).toBeLessThan(10 * 60_000);

    const util = await analysis.app.request('GET', `/utilisation?machineId=${machine.deviceId}`, { role: 'operator' });
    expect(util.status).toBe(200);
    expect(util.body.items).toEqual([expect.objectContaining({ machineId: machine.deviceId, day: '2026-11-29', workingSec: (readings.length - 1) * 5, idleSec: 0 })]);
  });

  it('a machine that always runs near (but inside) its limit: no work order', async () => {
    const machine = await newMachine();
    // two hours at 103 ± 1.2 °C against a 105 °C limit
    const readings = series(machine, { count: 1440, values: () => ({ coolantTempC: 103 }), noise: { coolantTempC: 1.2 }, seed: 11 });
    await publishOverMqtt(rig.mqttUrl, machine, readings);
    await untilAnalysed(machine.deviceId, readings.length - 1);
    expect(findingsOf(machine.deviceId)).toEqual([]);
    expect(await workOrdersOf(machine.deviceId)).toEqual([]);
  });

  it('a single spike: no work order; a sustained excursion: one', async () => {
    const spiky = await newMachine('dump-truck-40t');
    const sustained = await newMachine('dump-truck-40t');
    const spike = series(spiky, { count: 300, values: (i) => ({ vibrationRmsMmS: i === 150 ? 40 : 5 }) });
    const excursion = series(sustained, { count: 300, values: (i) => ({ vibrationRmsMmS: i >= 150 && i < 200 ? 26 : 5 }) });
    await Promise.all([publishOverMqtt(rig.mqttUrl, spiky, spike), publishOverMqtt(rig.mqttUrl, sustained, excursion)]);
    await untilAnalysed(spiky.deviceId, spike.length - 1);
    await untilAnalysed(sustained.deviceId, excursion.length - 1);
    const [wo] = await expectEventually(async () => {
      const items = await workOrdersOf(sustained.deviceId);
      expect(items).toHaveLength(1);
      return items;
    });
    expect(wo).toMatchObject({ component: 'vibration', kind: 'limit-crossed', severity: 'high', findingCount: findingsOf(sustained.deviceId).length });
    expect(findingsOf(spiky.deviceId)).toEqual([]);

    // lineage: the work order leads, through the findings' headers and records, to the readings that caused it
    const lineage = await rig.app.request('GET', `/work-orders/${wo!.id}/lineage`, { role: 'operator' });
    expect(lineage.status).toBe(200);
    expect(lineage.body.findings.length).toBeGreaterThan(0);
    const telemetry = await collectTopic(rig.bus, [TOPICS.machineTelemetry]);
    try {
      for (const f of lineage.body.findings as Array<{ findingId: string; record: Cause; source: Cause; readings: { fromOffset: string; toOffset: string } }>) {
        // the finding's own record on Kafka carries the same id
        const findingRecord = rig.records.messages.find((m) => m.partition === f.record.partition && m.offset === f.record.offset && m.topic === f.record.topic);
        expect(JSON.parse(findingRecord!.value.toString()).findingId).toBe(f.findingId);
        // its source is a reading of this machine inside the excursion, within the offsets the detector read
        expect(f.source.topic).toBe(TOPICS.machineTelemetry);
        const reading = await expectEventually(() => {
          const m = telemetry.messages.find((r) => r.partition === f.source.partition && r.offset === f.source.offset);
          expect(m).toBeDefined();
          return JSON.parse(m!.value.toString()) as { deviceId: string; seq: number; vibrationRmsMmS: number };
        });
        expect(reading.deviceId).toBe(sustained.deviceId);
        expect(reading.vibrationRmsMmS).toBeGreaterThan(20); // the excursion (26 ± noise), not the normal 5
        expect(BigInt(f.source.offset!)).toBeGreaterThanOrEqual(BigInt(f.readings.fromOffset));
        expect(BigInt(f.source.offset!)).toBeLessThanOrEqual(BigInt(f.readings.toOffset));
      }
    } finally {
      await telemetry.stop();
    }
    expect(await workOrdersOf(spiky.deviceId)).toEqual([]);
  });

  it('the analysis service restarted in the middle of a stream: no finding lost, no duplicate work order', async () => {
    const machine = await newMachine('wheel-loader-15t');
    // three problems along two hours: coolant early, hydraulic oil in the middle, vibration late
    const readings = series(machine, {
      count: 1440,
      values: (i) => ({
        coolantTempC: i >= 200 && i < 260 ? 107 : 88,
        hydraulicTempC: i >= 700 && i < 760 ? 96 : 62,
        vibrationRmsMmS: i >= 1200 && i < 1260 ? 21 : 4,
      }),
    });
    const expected = expectedFindings(readings);
    const expectedKeys = new Set(expected.map((f) => f.dedupKey));
    expect(expectedKeys.size).toBe(3);

    const publishing = publishOverMqtt(rig.mqttUrl, machine, readings, 20);
    await expectEventually(async () => expect(await analysedSeq(rig.pg, machine.deviceId)).toBeGreaterThanOrEqual(300), { timeoutMs: 60_000 });
    await analysis.stop();
    const stoppedAt = await analysedSeq(rig.pg, machine.deviceId);
    expect(stoppedAt).toBeLessThan(readings.length - 1);
    await analysis.start();
    await publishing;
    await untilAnalysed(machine.deviceId, readings.length - 1);

    const items = await expectEventually(async () => {
      const wos = await workOrdersOf(machine.deviceId);
      expect(wos.reduce((n, w) => n + w.findingCount, 0)).toBe(expected.length);
      return wos;
    });
    // one work order per problem, every expected finding attached exactly once
    expect(items.map((w) => w.dedupKey).sort()).toEqual([...expectedKeys].sort());
    const { rows } = await rig.pg.query(
      `SELECT f.finding_id FROM maintenance.work_order_findings f JOIN maintenance.work_orders w ON w.id = f.work_order_id WHERE w.machine_id = $1`,
      [machine.deviceId],
    );
    expect(rows.map((r) => r.finding_id).sort()).toEqual(expected.map((f) => f.findingId).sort());
    // whatever was re-emitted after the restart carried the same ids
    expect(new Set(findingsOf(machine.deviceId).map((f) => f.findingId))).toEqual(new Set(expected.map((f) => f.findingId)));
  });

  it('two instances share the partitions; one dies mid-stream: the other takes over, nothing lost, nothing duplicated', async () => {
    const second = analysisInstance();
    await second.start();
    try {
      const machines = await Promise.all(Array.from({ length: 6 }, () => newMachine('excavator-20t')));
      const streams = machines.map((machine, m) =>
        series(machine, {
          count: 600,
          seed: 100 + m,
          values: (i) => ({ coolantTempC: i >= 150 + m * 10 && i < 210 + m * 10 ? 107 : 88, vibrationRmsMmS: i >= 450 && i < 500 ? 20 : 4 }),
        }),
      );
      const expected = streams.flatMap((s) => expectedFindings(s));
      const publishing = Promise.all(machines.map((machine, m) => publishOverMqtt(rig.mqttUrl, machine, streams[m]!, 10)));
      await expectEventually(
        async () => {
          // one pg client runs one query at a time
          let total = 0;
          for (const machine of machines) total += await analysedSeq(rig.pg, machine.deviceId);
          expect(total).toBeGreaterThan(600);
        },
        { timeoutMs: 60_000 },
      );
      // the first instance dies; the second one gets its partitions
      await analysis.stop();
      await publishing;
      for (const [m, machine] of machines.entries()) await untilAnalysed(machine.deviceId, streams[m]!.length - 1);
      const ids = machines.map((machine) => machine.deviceId);
      const { rows } = await rig.pg.query(
        `SELECT f.finding_id FROM maintenance.work_order_findings f JOIN maintenance.work_orders w ON w.id = f.work_order_id WHERE w.machine_id = ANY($1::text[])`,
        [ids],
      );
      expect(rows.map((r) => r.finding_id).sort()).toEqual(expected.map((f) => f.findingId).sort());
      const wos = await rig.pg.query(`SELECT dedup_key FROM maintenance.work_orders WHERE machine_id = ANY($1::text[]) ORDER BY dedup_key`, [ids]);
      expect(wos.rows.map((r) => r.dedup_key)).toEqual([...new Set(expected.map((f) => f.dedupKey))].sort());
      // the survivor did analyse (its own partitions, then the dead one's)
      const metrics = await second.app.request('GET', '/metrics');
      const analysed = /tsunagu_operation_analysis_readings_total\{[^}]*outcome="analysed"[^}]*\} (\d+)/.exec(String(metrics.body));
      expect(Number(analysed?.[1] ?? 0)).toBeGreaterThan(0);
    } finally {
      await second.stop();
      if (!analysis.running) await analysis.start();
    }
  });

  it('a recurrence after the work order was closed opens a new work order', async () => {
    const machine = await newMachine('crane-50t');
    const readings = series(machine, { count: 400, values: () => ({ coolantTempC: 104, loadPct: 60 }) });
    await publishOverMqtt(rig.mqttUrl, machine, readings.slice(0, 100));
    const [wo] = await expectEventually(async () => {
      const items = await workOrdersOf(machine.deviceId);
      expect(items).toHaveLength(1);
      return items;
    });
    for (const status of ['in_progress', 'done']) {
      const res = await rig.app.request('POST', `/work-orders/${wo!.id}/transitions`, { body: { status, by: 'sato' }, role: 'maintenance' });
      expect(res.status).toBe(200);
    }
    await expectEventually(async () => {
      const { rows } = await rig.pg.query(`SELECT 1 FROM operation_analysis.work_order_closures WHERE work_order_id = $1`, [wo!.id]);
      expect(rows).toHaveLength(1);
    });
    // still too hot after the repair
    await publishOverMqtt(rig.mqttUrl, machine, readings.slice(100));
    await untilAnalysed(machine.deviceId, readings.length - 1);
    const items = await expectEventually(async () => {
      const wos = await workOrdersOf(machine.deviceId);
      expect(wos).toHaveLength(2);
      return wos;
    });
    expect(items.map((w) => w.status).sort()).toEqual(['done', 'open']);
    const machineHistory = await rig.app.request('GET', `/machines/${machine.deviceId}`);
    expect(machineHistory.body.serviceHistory).toHaveLength(1);
  });

  it('dead-letters a malformed telemetry record with its reason and goes on', async () => {
    const dlq = await collectTopic(rig.bus, [deadLetterTopicOf(TOPICS.machineTelemetry)]);
    const machine = await newMachine();
    const [good] = series(machine, { count: 1, startSeq: 0 });
    await rig.bus.publish(TOPICS.machineTelemetry, [
      { key: machine.deviceId, value: JSON.stringify({ ...good, coolantTempC: 'hot' }) },
      { key: machine.deviceId, value: JSON.stringify(good) },
    ]);
    await untilAnalysed(machine.deviceId, 0);
    const letter = await expectEventually(() => {
      const l = dlq.json<DeadLetterV1>().find((d) => d.payload.includes(machine.deviceId));
      expect(l).toBeDefined();
      return l!;
    });
    await dlq.stop();
    expect(letter).toMatchObject({ reason: 'schema-violation', rejectedBy: 'operation-analysis', origin: { topic: TOPICS.machineTelemetry } });
    expect(letter.detail).toContain('coolantTempC');
  });

  it('answers the utilisation report with 400 naming the field', async () => {
    const res = await analysis.app.request('GET', '/utilisation?from=2026-13-01', { role: 'operator' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('from');
    expect((await analysis.app.request('GET', '/utilisation', { role: 'trading' })).status).toBe(403);
  });
});
