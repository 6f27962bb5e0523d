/**
 * The single-process mode across a restart (issue: "no work order was opened, and
 * nothing was logged"). The ingest broker, operation analysis and maintenance run
 * in one process on the durable PostgreSQL bus, as `npm start` runs them; a machine
 * sends 400 readings with a coolant fault (one work order), the process stops and
 * starts again, and the same machine sends 400 later readings with its hydraulic oil
 * 4 °C over the limit for 21 minutes: that must open a second work order. With the
 * old in-memory bus, offsets restarted at 0 after the restart and every new reading
 * was taken for a redelivery and skipped.
 */
import type { Client } from 'pg';
import { PostgresBus, setLogLevel } from '@tsunagu/platform';
import { IngestBrokerModule } from '@apps/ingest-broker';
import { MaintenanceModule } from '@apps/maintenance';
import { OperationAnalysisModule } from '@apps/operation-analysis';
import { analysedSeq, provisionMachine, publishOverMqtt, series, T0 } from '../../operation-analysis/test/pair1-fixtures';
import { freePort } from '../../../test/support/kafka-broker';
import { expectEventually } from '../../../test/support/test-env';
import { testResources, type TestDatabase } from '../../../test/support/test-resources';

describe('single-process mode: a restart loses nothing and skips nothing (durable PostgreSQL bus)', () => {
  const resources = testResources();
  let db: TestDatabase;
  let pg: Client;
  let mqttPort: number;

  const tsunagu = resources.restartable(() => ({
    serviceName: 'tsunagu',
    bus: () => PostgresBus.open({ url: db.url, partitions: 3, lingerMs: 2 }),
    databaseUrl: db.url,
    modules: [IngestBrokerModule.register({ mqttPort }), OperationAnalysisModule.register(), MaintenanceModule.register()],
  }));
  const workOrders = async (machineId: string) =>
    ((await tsunagu.app.request('GET', `/work-orders?machineId=${machineId}`, { role: 'maintenance' })).body.items as Array<{ component: string }>).map((w) => w.component).sort();

  beforeAll(async () => {
    setLogLevel('silent');
    db = await resources.database();
    pg = await resources.pg(db.url);
    mqttPort = await freePort();
  });

  it('opens the work order of a fault that starts after the restart', async () => {
    const core = await tsunagu.start();
    const machine = await provisionMachine(core, 'excavator-20t', 'site-a');
    // 400 readings, one every 5 s of reading time; coolant over its 105 °C limit from reading 200
    const before = series(machine, { count: 400, values: (i) => ({ coolantTempC: i >= 200 ? 108 : 88 }) });
    await publishOverMqtt(`mqtt://127.0.0.1:${mqttPort}`, machine, before);
    await expectEventually(async () => expect(await analysedSeq(pg, machine.deviceId)).toBe(399), { timeoutMs: 60_000 });
    await expectEventually(async () => expect(await workOrders(machine.deviceId)).toEqual(['coolant']));

    await tsunagu.stop();
    await tsunagu.start();

    // 400 later readings: hydraulic oil 4 °C over its 95 °C limit for 21 minutes (252 readings)
    const after = series(machine, {
      count: 400,
      startSeq: 400,
      startTs: T0 + 400 * 5000,
      values: (i) => ({ coolantTempC: 88, hydraulicTempC: i >= 50 && i < 302 ? 99 : 62 }),
    });
    await publishOverMqtt(`mqtt://127.0.0.1:${mqttPort}`, machine, after);
    await expectEventually(async () => expect(await analysedSeq(pg, machine.deviceId)).toBe(799), { timeoutMs: 60_000 });
    await expectEventually(async () => expect(await workOrders(machine.deviceId)).toEqual(['coolant', 'hydraulic-oil']));
  });
});
