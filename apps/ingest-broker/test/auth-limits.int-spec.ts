import type { KafkaBus } from '@tsunagu/platform';
import { startApp, type RunningApp } from '../../../test/support/app-harness';
import { freePort } from '../../../test/support/kafka-broker';
import { createTestBus, createTestDatabase, uniqueId } from '../../../test/support/test-env';
import { IngestBrokerModule } from '../src/ingest-broker.module';
import { connackCodeOf, connectDevice } from './ingest-fixtures';

/** Credential guessing from one address is cut off without burning a scrypt per attempt. */
describe('ingest broker: failed-connect limit per address', () => {
  let bus: KafkaBus;
  let db: { url: string; drop(): Promise<void> };
  let app: RunningApp;
  let mqttUrl: string;

  beforeAll(async () => {
    bus = createTestBus(uniqueId('authlimit-'));
    db = await createTestDatabase();
    const mqttPort = await freePort();
    app = await startApp({
      serviceName: 'ingest-authlimit',
      bus,
      databaseUrl: db.url,
      modules: [IngestBrokerModule.register({ mqttPort, authMaxFailuresPerMinute: 3, authBlockMs: 60_000 })],
    });
    mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
  });

  afterAll(async () => {
    await app?.close();
    await bus?.close();
    await db?.drop();
  });

  it('refuses an address with CONNACK 5 after repeated failures, even with the right password', async () => {
    const res = await app.request('POST', '/devices', { body: { kind: 'vehicle', model: 'van-2t' } });
    const creds = { deviceId: res.body.deviceId as string, password: res.body.password as string };
    for (let i = 0; i < 3; i++) expect(await connackCodeOf(connectDevice(mqttUrl, { ...creds, password: `guess-${i}` }))).toBe(4);
    expect(await connackCodeOf(connectDevice(mqttUrl, creds))).toBe(5);
  });
});
