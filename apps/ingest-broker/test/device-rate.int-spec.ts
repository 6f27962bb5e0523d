import { deviceTopic, TOPICS, type MachineTelemetryV1 } from '@tsunagu/contracts';
import type { KafkaBus } from '@tsunagu/platform';
import type { RunningApp } from '../../../test/support/app-harness';
import { freePort } from '../../../test/support/kafka-broker';
import { collectTopic, expectEventually, uniqueId } from '../../../test/support/test-env';
import { testResources } from '../../../test/support/test-resources';
import { IngestBrokerModule } from '../src/ingest-broker.module';
import { closed, connackCodeOf, connectDevice, machineReading, publishReading } from './ingest-fixtures';

/**
 * Per-device limits: a device over its rate is throttled (session closed, audit
 * event); the others do not notice. A session's last will is bounded too.
 */
describe('ingest broker: per-device publish and connect limits', () => {
  const resources = testResources();
  let bus: KafkaBus;
  let app: RunningApp;
  let mqttUrl: string;

  beforeAll(async () => {
    bus = resources.kafkaBus(uniqueId('devrate-'));
    const mqttPort = await freePort();
    // 1 PUBLISH per second after a burst of 5: a flood of 50 cannot refill in the time it takes to send
    ({ app } = await resources.startedApp({ serviceName: 'ingest-devrate', bus, modules: [IngestBrokerModule.register({ mqttPort, deviceLimits: { publishRate: 1, publishBurst: 5, connectsPerMinute: 3 } })] }));
    mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
  });

  const provision = async () => {
    const res = await app.request('POST', '/devices', { body: { kind: 'machine', model: 'excavator-20t' } });
    return { deviceId: res.body.deviceId as string, password: res.body.password as string };
  };

  it('closes the session of a device over its publish rate and records it; another device keeps publishing', async () => {
    const [flooder, neighbour] = [await provision(), await provision()];
    const records = await collectTopic(bus, [TOPICS.machineTelemetry]);
    const noisy = await connectDevice(mqttUrl, flooder);
    const quiet = await connectDevice(mqttUrl, neighbour);
    const gone = closed(noisy);
    for (let seq = 0; seq < 50 && noisy.connected; seq++) noisy.publish(deviceTopic(flooder.deviceId, 'telemetry'), JSON.stringify(machineReading(seq)), { qos: 0 });
    await gone;
    for (let seq = 0; seq < 3; seq++) await publishReading(quiet, neighbour.deviceId, seq);
    expect(quiet.connected).toBe(true);
    await expectEventually(() => expect(records.json<MachineTelemetryV1>().filter((r) => r.deviceId === neighbour.deviceId).map((r) => r.seq)).toEqual([0, 1, 2]));
    // the burst went through, nothing beyond it
    expect(records.json<MachineTelemetryV1>().filter((r) => r.deviceId === flooder.deviceId).length).toBeLessThanOrEqual(5);
    await expectEventually(async () => {
      const events = (await app.request('GET', `/devices/${flooder.deviceId}/events?limit=50`)).body as { items?: Array<{ event: string }> } | Array<{ event: string }>;
      const list = Array.isArray(events) ? events : (events.items ?? []);
      expect(list.map((e) => e.event)).toContain('rate-limited');
    });
    await records.stop();
    await quiet.endAsync();
  });

  it('refuses a device that reconnects too often with CONNACK 3, and only that device', async () => {
    const [looping, other] = [await provision(), await provision()];
    for (let i = 0; i < 3; i++) expect(await connackCodeOf(connectDevice(mqttUrl, looping))).toBe('connected');
    expect(await connackCodeOf(connectDevice(mqttUrl, looping))).toBe(3);
    expect(await connackCodeOf(connectDevice(mqttUrl, other))).toBe('connected');
  });

  it('refuses a CONNECT whose last will is large or not on its own status topic (aedes would hold it for the whole session)', async () => {
    const [device, other] = [await provision(), await provision()];
    const withWill = (topic: string, payload: string) => connectDevice(mqttUrl, device, { will: { topic, payload: Buffer.from(payload), qos: 1, retain: true } });
    expect(await connackCodeOf(withWill(deviceTopic(device.deviceId, 'status'), JSON.stringify({ online: false, pad: 'x'.repeat(2048) })))).toBe(5);
    expect(await connackCodeOf(withWill(deviceTopic(other.deviceId, 'status'), '{"online":false}'))).toBe(5);
    expect(await connackCodeOf(withWill(deviceTopic(device.deviceId, 'status'), '{"online":false}'))).toBe('connected');
  });
});
