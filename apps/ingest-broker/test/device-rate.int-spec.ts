import { deviceTopic, TOPICS, type MachineTelemetryV1 } from '@tsunagu/contracts';
import { appUnderTest } from '../../../test/support/app-under-test';
import { collectTopic, expectEventually, uniqueId } from '../../../test/support/test-env';
import { closed, connackCodeOf, connectDevice, machineReading, publishReading } from './ingest-fixtures';

/**
 * Per-device limits: a device over its rate is throttled (session closed, audit
 * event); the others do not notice. A session's last will is bounded too.
 */
describe('ingest broker: per-device publish and connect limits', () => {
  // 1 PUBLISH per second after a burst of 5: a flood of 50 cannot refill in the time it takes to send
  const rig = appUnderTest({ serviceName: 'ingest-devrate', kafka: uniqueId('devrate-'), ingest: { deviceLimits: { publishRate: 1, publishBurst: 5, connectsPerMinute: 3 } } });

  const provision = async () => {
    const res = await rig.app.request('POST', '/devices', { body: { kind: 'machine', model: 'excavator-20t' } });
    return { deviceId: res.body.deviceId as string, password: res.body.password as string };
  };

  it('closes the session of a device over its publish rate and records it; another device keeps publishing', async () => {
    const [flooder, neighbour] = [await provision(), await provision()];
    const records = await collectTopic(rig.bus, [TOPICS.machineTelemetry]);
    const noisy = await connectDevice(rig.mqttUrl, flooder);
    const quiet = await connectDevice(rig.mqttUrl, neighbour);
    const gone = closed(noisy);
    for (let seq = 0; seq < 50 && noisy.connected; seq++) noisy.publish(deviceTopic(flooder.deviceId, 'telemetry'), JSON.stringify(machineReading(seq)), { qos: 0 });
    await gone;
    for (let seq = 0; seq < 3; seq++) await publishReading(quiet, neighbour.deviceId, seq);
    expect(quiet.connected).toBe(true);
    await expectEventually(() => expect(records.json<MachineTelemetryV1>().filter((r) => r.deviceId === neighbour.deviceId).map((r) => r.seq)).toEqual([0, 1, 2]));
    // the burst went through, nothing beyond it
    expect(records.json<MachineTelemetryV1>().filter((r) => r.deviceId === flooder.deviceId).length).toBeLessThanOrEqual(5);
    await expectEventually(async () => {
      const events = (await rig.app.request('GET', `/devices/${flooder.deviceId}/events?limit=50`)).body as { items?: Array<{ event: string }> } | Array<{ event: string }>;
      const list = Array.isArray(events) ? events : (events.items ?? []);
      expect(list.map((e) => e.event)).toContain('rate-limited');
    });
    await records.stop();
    await quiet.endAsync();
  });

  it('refuses a device that reconnects too often with CONNACK 3, and only that device', async () => {
    const [looping, other] = [await provision(), await provision()];
    for (let i = 0; i < 3; i++) expect(await connackCodeOf(connectDevice(rig.mqttUrl, looping))).toBe('connected');
    expect(await connackCodeOf(connectDevice(rig.mqttUrl, looping))).toBe(3);
    expect(await connackCodeOf(connectDevice(rig.mqttUrl, other))).toBe('connected');
  });

  it('refuses a CONNECT whose last will is large or not on its own status topic (aedes would hold it for the whole session)', async () => {
    const [device, other] = [await provision(), await provision()];
    const withWill = (topic: string, payload: string) => connectDevice(rig.mqttUrl, device, { will: { topic, payload: Buffer.from(payload), qos: 1, retain: true } });
    expect(await connackCodeOf(withWill(deviceTopic(device.deviceId, 'status'), JSON.stringify({ online: false, pad: 'x'.repeat(2048) })))).toBe(5);
    expect(await connackCodeOf(withWill(deviceTopic(other.deviceId, 'status'), '{"online":false}'))).toBe(5);
    expect(await connackCodeOf(withWill(deviceTopic(device.deviceId, 'status'), '{"online":false}'))).toBe('connected');
  });
});
