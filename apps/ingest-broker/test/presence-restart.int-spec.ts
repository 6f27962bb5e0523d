/**
 * Presence across a broker crash: a broker that died cannot mark its devices
 * offline, so when the same instance starts again it ends the sessions its previous
 * run left "online" (and says so on the presence topic); another instance's
 * devices are left alone.
 */
import { TOPICS, type DevicePresenceV1 } from '@tsunagu/contracts';
import { appUnderTest } from '../../../test/support/app-under-test';
import { startApp, type RunningApp } from '../../../test/support/app-harness';
import { freePort } from '../../../test/support/kafka-broker';
import { collectTopic, expectEventually, uniqueId } from '../../../test/support/test-env';
import { IngestBrokerModule } from '../src/ingest-broker.module';

describe('ingest broker presence after a crash', () => {
  const rig = appUnderTest({ kafka: uniqueId('presence-'), pg: true });
  let app: RunningApp | null = null;

  const start = async () =>
    (app = await startApp({ serviceName: 'ingest-presence', bus: rig.bus, databaseUrl: rig.db.url, modules: [IngestBrokerModule.register({ mqttPort: await freePort(), instanceId: 'broker-a' })] }));

  // the test restarts the broker: close whichever runs last
  beforeAll(() => rig.resources.defer(() => app?.close()));

  it('marks offline the devices its previous run left online, and only those', async () => {
    await start();
    for (const id of ['mine-1', 'mine-2', 'theirs-1']) {
      expect((await app!.request('POST', '/devices', { body: { kind: 'machine', model: 'crane-50t', deviceId: id } })).status).toBe(201);
    }
    await app!.close();
    // what a crash leaves behind: sessions still marked online, nobody to end them
    await rig.pg.query(`UPDATE ingest.devices SET online = true, broker_id = CASE WHEN device_id LIKE 'mine-%' THEN 'broker-a' ELSE 'broker-b' END`);
    const presence = await collectTopic(rig.bus, [TOPICS.devicePresence]);
    await start();
    const online = async () => (await rig.pg.query(`SELECT device_id FROM ingest.devices WHERE online ORDER BY device_id`)).rows.map((r) => r.device_id);
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
