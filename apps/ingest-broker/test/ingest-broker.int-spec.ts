import type { MqttClient } from 'mqtt';
import { deviceTopic, TOPICS, type DeadLetterV1, type DevicePresenceV1, type MachineTelemetryV1 } from '@tsunagu/contracts';
import { appUnderTest } from '../../../test/support/app-under-test';
import { expectEventually, uniqueId } from '../../../test/support/test-env';
import { closed, connackCodeOf, connectDevice, type DeviceCredentials, machineReading, publishReading } from './ingest-fixtures';

const MAX_PAYLOAD = 2048;

describe('ingest broker (real MQTT clients, real Kafka, real PostgreSQL)', () => {
  const rig = appUnderTest({
    serviceName: 'ingest-test',
    kafka: uniqueId('ingest-'),
    ingest: { ws: true, maxPayloadBytes: MAX_PAYLOAD },
    collect: [TOPICS.machineTelemetry, TOPICS.telemetryDeadLetter, TOPICS.devicePresence],
  });

  const provision = async (kind: 'machine' | 'vehicle' | 'tweet-source' = 'machine'): Promise<DeviceCredentials> => {
    const res = await rig.app.request('POST', '/devices', { body: { kind, model: kind === 'machine' ? 'excavator-20t' : 'van-2t', site: 'test-site' } });
    expect(res.status).toBe(201);
    return { deviceId: res.body.deviceId, password: res.body.password };
  };

  const telemetryOf = (deviceId: string) =>
    rig.records.json<MachineTelemetryV1>(TOPICS.machineTelemetry).filter((r) => r.deviceId === deviceId);
  /** publishes reading `seq` of a device that sent nothing else and waits for it on Kafka */
  const deliveredAlone = async (client: MqttClient, deviceId: string, seq: number) => {
    await publishReading(client, deviceId, seq);
    await expectEventually(() => expect(telemetryOf(deviceId).map((r) => r.seq)).toEqual([seq]));
  };
  const deadLettersOf = (deviceId: string) =>
    rig.records.json<DeadLetterV1>(TOPICS.telemetryDeadLetter).filter((r) => r.deviceId === deviceId);

  describe('provisioning', () => {
    it('returns the secret once and never shows its hash', async () => {
      const creds = await provision();
      expect(creds.password.length).toBeGreaterThanOrEqual(32);
      const res = await rig.app.request('GET', `/devices/${creds.deviceId}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ deviceId: creds.deviceId, kind: 'machine', enabled: true });
      expect(JSON.stringify(res.body)).not.toContain(creds.password);
      expect(res.body.secretHash).toBeUndefined();
    });

    it('refuses bad input with a 400 naming the field, no token with 401, a taken id with 409, unknown ids with 404', async () => {
      const bad = await rig.app.request('POST', '/devices', { body: { kind: 'toaster', model: 'x' } });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('kind');
      expect((await rig.app.request('POST', '/devices', { body: { kind: 'machine', model: 'x' }, role: null })).status).toBe(401);
      expect((await rig.app.request('POST', '/devices', { body: { kind: 'machine', model: 'x' }, role: 'operator' })).status).toBe(403);
      const id = uniqueId('dup-');
      expect((await rig.app.request('POST', '/devices', { body: { deviceId: id, kind: 'machine', model: 'x' } })).status).toBe(201);
      expect((await rig.app.request('POST', '/devices', { body: { deviceId: id, kind: 'machine', model: 'x' } })).status).toBe(409);
      expect((await rig.app.request('GET', '/devices/nope-404')).status).toBe(404);
    });
  });

  describe('telemetry', () => {
    it('delivers a QoS 1 reading to Kafka keyed by device id with the payload intact', async () => {
      const creds = await provision();
      const client = await connectDevice(rig.mqttUrl, creds);
      const reading = machineReading(1);
      await client.publishAsync(deviceTopic(creds.deviceId, 'telemetry'), JSON.stringify(reading), { qos: 1 });
      // PUBACK came back: the record must already be in Kafka
      const [record] = await expectEventually(() => {
        const found = rig.records.messages.filter((m) => m.topic === TOPICS.machineTelemetry && m.key === creds.deviceId);
        expect(found).toHaveLength(1);
        return found;
      });
      const value = JSON.parse(record!.value.toString()) as MachineTelemetryV1;
      expect(value).toMatchObject({ ...reading, deviceId: creds.deviceId, model: 'excavator-20t' });
      expect(record!.headers['correlation-id']).toBe(`${creds.deviceId}:1`);
      await client.endAsync();
    });

    it('accepts devices over WebSocket too', async () => {
      const creds = await provision();
      const client = await connectDevice(rig.wsUrl, creds);
      await deliveredAlone(client, creds.deviceId, 7);
      await client.endAsync();
    });

    it('keeps per-device order', async () => {
      const creds = await provision();
      const client = await connectDevice(rig.mqttUrl, creds);
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          publishReading(client, creds.deviceId, i),
        ),
      );
      await expectEventually(() => expect(telemetryOf(creds.deviceId).map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i)));
      await client.endAsync();
    });
  });

  describe('authentication', () => {
    it('refuses a wrong password with CONNACK 4', async () => {
      const creds = await provision();
      expect(await connackCodeOf(connectDevice(rig.mqttUrl, { ...creds, password: 'wrong-password' }))).toBe(4);
    });

    it('refuses an unknown device with CONNACK 4', async () => {
      expect(await connackCodeOf(connectDevice(rig.mqttUrl, { deviceId: 'no-such-device', password: 'whatever-secret' }))).toBe(4);
    });

    it('refuses a client id that is not the device id with CONNACK 2', async () => {
      const creds = await provision();
      expect(await connackCodeOf(connectDevice(rig.mqttUrl, creds, { clientId: 'someone-else' }))).toBe(2);
    });

    it('refuses a disabled device with CONNACK 5 and drops its live session at once', async () => {
      const creds = await provision();
      const client = await connectDevice(rig.mqttUrl, creds);
      const gone = closed(client);
      expect((await rig.app.request('POST', `/devices/${creds.deviceId}/disable`)).status).toBe(200);
      await gone;
      client.end(true);
      expect(await connackCodeOf(connectDevice(rig.mqttUrl, creds))).toBe(5);
      const events = await rig.app.request('GET', `/devices/${creds.deviceId}/events`);
      await expectEventually(async () => {
        const latest = await rig.app.request('GET', `/devices/${creds.deviceId}/events`);
        expect(latest.body.map((e: { event: string }) => e.event)).toEqual(expect.arrayContaining(['disabled', 'auth-failed']));
      });
      expect(events.status).toBe(200);
    });
  });

  describe('authorisation', () => {
    it('closes the connection of a device publishing on another device’s topic, and forwards nothing', async () => {
      const victim = await provision();
      const intruder = await provision();
      const client = await connectDevice(rig.mqttUrl, intruder);
      const gone = closed(client);
      client.publish(deviceTopic(victim.deviceId, 'telemetry'), JSON.stringify(machineReading(99)), { qos: 1 });
      await gone;
      client.end(true);
      const good = await connectDevice(rig.mqttUrl, victim);
      await deliveredAlone(good, victim.deviceId, 1);
      await good.endAsync();
    });

    it('refuses a subscription to another device’s topic (SUBACK 0x80) and grants its own', async () => {
      const a = await provision();
      const b = await provision();
      const client = await connectDevice(rig.mqttUrl, a);
      const suback = new Promise<number[]>((resolve) =>
        client.on('packetreceive', (packet) => packet.cmd === 'suback' && resolve(packet.granted as number[])),
      );
      client.subscribe([deviceTopic(b.deviceId, 'commands'), 'tsunagu/v1/devices/+/telemetry', deviceTopic(a.deviceId, 'commands')], { qos: 1 }, () => undefined);
      expect(await suback).toEqual([128, 128, 1]);
      expect(client.connected).toBe(true);
      await client.endAsync();
    });
  });

  describe('validation', () => {
    it.each([
      ['malformed-json', () => '{"seq": 1, "coolantTempC": '],
      ['schema-violation', () => JSON.stringify({ ...machineReading(1), coolantTempC: 'hot' })],
      ['payload-too-large', () => JSON.stringify({ ...machineReading(1), padding: 'x'.repeat(MAX_PAYLOAD) })],
      // a clock far ahead (the year 2100): refused at the door, it never reaches an analysis watermark
      ['schema-violation', () => JSON.stringify({ ...machineReading(1), ts: Date.UTC(2100, 0, 1) })],
      ['schema-violation', () => JSON.stringify({ ...machineReading(1), ts: 9e15 })],
    ])('dead-letters %s with its reason and keeps the device connected', async (reason, payload) => {
      const creds = await provision();
      const client = await connectDevice(rig.mqttUrl, creds);
      await client.publishAsync(deviceTopic(creds.deviceId, 'telemetry'), payload(), { qos: 1 });
      const [letter] = await expectEventually(() => {
        const found = deadLettersOf(creds.deviceId);
        expect(found).toHaveLength(1);
        return found;
      });
      expect(letter).toMatchObject({ reason, deviceId: creds.deviceId, origin: { mqttTopic: deviceTopic(creds.deviceId, 'telemetry') } });
      if (reason === 'schema-violation') expect(letter!.detail).toMatch(/coolantTempC|^ts: .*(ahead of the receiving clock|beyond the dates)/);
      if (reason !== 'payload-too-large') expect(letter!.payload).toBe(payload());
      // the device is still connected and its next good reading goes through
      expect(client.connected).toBe(true);
      await deliveredAlone(client, creds.deviceId, 2);
      await client.endAsync();
    });
  });

  it('dead-letters a status message over the size limit like any other (one route for every channel)', async () => {
    const creds = await provision();
    const client = await connectDevice(rig.mqttUrl, creds);
    const status = JSON.stringify({ online: true, note: 'x'.repeat(MAX_PAYLOAD) });
    await client.publishAsync(deviceTopic(creds.deviceId, 'status'), status, { qos: 1, retain: true });
    await expectEventually(() =>
      expect(deadLettersOf(creds.deviceId)).toEqual([
        expect.objectContaining({ reason: 'payload-too-large', origin: expect.objectContaining({ mqttTopic: deviceTopic(creds.deviceId, 'status') }) }),
      ]),
    );
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  describe('transport limits', () => {
    it('drops a connection announcing a packet over the limit before buffering it, and keeps serving others', async () => {
      const { connect } = await import('node:net');
      const port = rig.mqttPort;
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      const closedSocket = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      // a PUBLISH fixed header announcing 200 MB, with no CONNECT first: nothing of it may be buffered
      socket.write(Buffer.from([0x32, 0xff, 0xff, 0xff, 0x5f]));
      await closedSocket;
      const creds = await provision();
      const client = await connectDevice(rig.mqttUrl, creds);
      await deliveredAlone(client, creds.deviceId, 5);
      await client.endAsync();
    });
  });

  describe('presence', () => {
    it('tracks online, graceful disconnect and last will', async () => {
      const creds = await provision();
      const client = await connectDevice(rig.mqttUrl, creds, {
        will: { topic: deviceTopic(creds.deviceId, 'status'), payload: Buffer.from('{"online":false}'), qos: 1, retain: false },
      });
      await expectEventually(async () => expect((await rig.app.request('GET', `/devices/${creds.deviceId}`)).body).toMatchObject({ online: true }));
      // an abrupt loss (no DISCONNECT packet) publishes the will
      client.stream.destroy();
      client.end(true);
      await expectEventually(async () => {
        const device = (await rig.app.request('GET', `/devices/${creds.deviceId}`)).body;
        expect(device.online).toBe(false);
        expect(device.lastSeenAt).toBeTruthy();
      });
      await expectEventually(() => {
        const presence = rig.records.json<DevicePresenceV1>(TOPICS.devicePresence).filter((p) => p.deviceId === creds.deviceId);
        expect(presence.map((p) => [p.online, p.reason])).toEqual([
          [true, 'connect'],
          [false, 'will'],
        ]);
      });
    });
  });
});
