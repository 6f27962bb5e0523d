/**
 * Presence across a broker crash: a broker that died cannot mark its devices
 * offline, so when the same instance starts again it ends the sessions its previous
 * run left "online" (and says so on the presence topic); another instance's
 * devices are left alone.
 */
import { Client } from 'pg';
import { TOPICS, type DevicePresenceV1 } from '@tsunagu/contracts';
import type { KafkaBus } from '@tsunagu/platform';
import { startApp, type RunningApp } from '../../../test/support/app-harness';
import { freePort } from '../../../test/support/kafka-broker';
import { collectTopic, createTestBus, createTestDatabase, expectEventually, uniqueId } from '../../../test/support/test-env';
import { IngestBrokerModule } from '../src/ingest-broker.module';

describe('ingest broker presence after a crash', () => {
  let bus: KafkaBus;
  let db: { url: string; drop(): Promise<void> };
  let pg: Client;
  let app: RunningApp | null = null;

  const start = async () =>
    (app = await startApp({ serviceName: 'ingest-presence', bus, databaseUrl: db.url, modules: [IngestBrokerModule.register({ mqttPort: await freePort(), instanceId: 'broker-a' })] }));

  beforeAll(async () => {
    bus = createTestBus(uniqueId('presence-'));
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await app?.close();
    await pg?.end();
    await bus?.close();
    await db?.drop();
  });

  it('marks offline the devices its previous run left online, and only those', async () => {
    await start();
    for (const id of ['mine-1', 'mine-2', 'theirs-1']) {
      expect((await app!.request('POST', '/devices', { body: { kind: 'machine', model: 'crane-50t', deviceId: id } })).status).toBe(201);
    }
    await app!.close();
    // what a crash leaves behind: sessions still marked online, nobody to end them
    await pg.query(`UPDATE ingest.devices SET online = true, broker_id = CASE WHEN device_id LIKE 'mine-%' THEN 'broker-a' ELSE 'broker-b' END`);
    const presence = await collectTopic(bus, [TOPICS.devicePresence]);
    await start();
    const online = async () => (await pg.query(`SELECT device_id FROM ingest.devices WHERE online ORDER BY device_id`)).rows.map((r) => r.device_id);
    expect(await online()).toEqual(['theirs-1']);
    await expectEventually(() =>
      expect(presence.json<DevicePresenceV1>().map((p) => [p.deviceId, p.online, p.brokerId]).sort()).toEqual([
        ['mine-1', false, 'broker-a'],
        ['mine-2', false, 'broker-a'],
      ]),
    );
    await presence.stop();
  });
});
