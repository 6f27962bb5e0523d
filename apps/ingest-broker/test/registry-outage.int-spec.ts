/**
 * The device registry's database goes away while devices are connected: readiness
 * stays 200 ("degraded": a load balancer keeps the broker), connected devices keep
 * publishing and every reading reaches Kafka, new CONNECTs get CONNACK 3; when the
 * database returns, everything is back to normal.
 */
import type { Client } from 'pg';
import { TOPICS, type MachineTelemetryV1 } from '@tsunagu/contracts';
import { appUnderTest } from '../../../test/support/app-under-test';
import { collectTopic, expectEventually, uniqueId } from '../../../test/support/test-env';
import { connackCodeOf, connectDevice, publishReading } from './ingest-fixtures';

describe('ingest broker while its registry database is down', () => {
  const rig = appUnderTest({ serviceName: 'ingest-regout', kafka: uniqueId('regout-'), ingest: { authCacheTtlMs: 0 } });
  let admin: Client;
  const dbName = () => new URL(rig.db.url).pathname.slice(1);

  /** Refuses new connections to the service's database and ends the open ones: to the service, the database is gone. */
  const takeDown = async () => {
    await admin.query(`ALTER DATABASE "${dbName()}" ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName()]);
  };
  const bringBack = () => admin.query(`ALTER DATABASE "${dbName()}" ALLOW_CONNECTIONS true`);

  beforeAll(async () => {
    admin = await rig.resources.pg(process.env.TEST_DATABASE_URL!);
    rig.resources.defer(() => bringBack().catch(() => undefined));
  });

  it('stays ready (degraded), keeps connected devices flowing and answers new CONNECTs with 3', async () => {
    const provision = async () => (await rig.app.request('POST', '/devices', { body: { kind: 'machine', model: 'crane-50t' } })).body as { deviceId: string; password: string };
    const connected = await provision();
    const waiting = await provision();
    const records = await collectTopic(rig.bus, [TOPICS.machineTelemetry]);
    const client = await connectDevice(rig.mqttUrl, connected);

    await takeDown();
    const health = await expectEventually(async () => {
      // probe details are for operators (without a token only the status is shown)
      const h = await rig.app.request('GET', '/health', { role: 'operator' });
      expect(h.body.probes.find((p: { name: string }) => p.name === 'ingest-broker-db')).toMatchObject({ ok: false, critical: false });
      return h;
    });
    expect(health).toMatchObject({ status: 200, body: { status: 'degraded' } });
    for (let seq = 0; seq < 10; seq++) await publishReading(client, connected.deviceId, seq);
    await expectEventually(() =>
      expect(records.json<MachineTelemetryV1>().filter((r) => r.deviceId === connected.deviceId).map((r) => r.seq)).toEqual([...Array(10).keys()]),
    );
    expect(await connackCodeOf(connectDevice(rig.mqttUrl, waiting))).toBe(3);

    await bringBack();
    await expectEventually(async () => expect((await rig.app.request('GET', '/health', { role: null })).body.status).toBe('up'));
    expect(await connackCodeOf(connectDevice(rig.mqttUrl, waiting))).toBe('connected');
    await client.endAsync();
    await records.stop();
  });
});
