import { resolve } from 'node:path';
import { TOPICS, type MachineTelemetryV1 } from '@tsunagu/contracts';
import { appUnderTest } from '../../../test/support/app-under-test';
import { KafkaBroker, freePort } from '../../../test/support/kafka-broker';
import { collectTopic, expectEventually, uniqueId } from '../../../test/support/test-env';
import { connectDevice, publishReading } from './ingest-fixtures';

/**
 * Kafka goes away while a device publishes at QoS 1: PUBACKs are withheld, nothing
 * is lost, and when Kafka returns every reading arrives (duplicates allowed, the
 * per-device sequence number tells them apart).
 */
describe('ingest broker when Kafka is stopped and started again', () => {
  let kafka: KafkaBroker;
  const rig = appUnderTest(async (resources) => {
    kafka = resources.own(new KafkaBroker({ port: await freePort(), controllerPort: await freePort(), dataDir: resolve(process.env.TEST_RUN_DIR ?? '.data', uniqueId('kafka-outage-')) }), (k) => k.stop());
    await kafka.start();
    return { serviceName: 'ingest-outage', kafka: { prefix: uniqueId('outage-'), brokers: kafka.brokers }, ingest: {} };
  });

  it('withholds PUBACKs while Kafka is down and delivers every reading once it is back', async () => {
    const res = await rig.app.request('POST', '/devices', { body: { kind: 'machine', model: 'crane-50t' } });
    const creds = { deviceId: res.body.deviceId as string, password: res.body.password as string };
    const client = await connectDevice(rig.mqttUrl, creds, { keepalive: 30 });

    // before the outage
    for (let seq = 0; seq < 20; seq++) await publishReading(client, creds.deviceId, seq);

    await kafka.stop();
    const acked = new Set<number>();
    const during = Array.from({ length: 30 }, (_, i) => 20 + i).map((seq) =>
      publishReading(client, creds.deviceId, seq).then(() => acked.add(seq)),
    );
    // while Kafka is away nothing may be acknowledged: give the broker every chance to (wrongly) ack
    await expectEventually(async () => {
      const health = await rig.app.request('GET', '/health');
      expect(health.status).toBe(503);
    });
    expect(acked.size).toBe(0);

    await kafka.start();
    await Promise.all(during);
    for (let seq = 50; seq < 60; seq++) await publishReading(client, creds.deviceId, seq);
    await client.endAsync();

    const records = await collectTopic(rig.bus, [TOPICS.machineTelemetry]);
    await expectEventually(
      () => {
        const seqs = new Set(records.json<MachineTelemetryV1>().filter((r) => r.deviceId === creds.deviceId).map((r) => r.seq));
        expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
      },
      { timeoutMs: 60_000 },
    );
    await records.stop();
    expect((await rig.app.request('GET', '/health')).status).toBe(200);
  });
});
