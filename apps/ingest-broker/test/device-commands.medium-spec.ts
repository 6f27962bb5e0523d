/**
 * Commands to devices through a real aedes broker and real MQTT clients (mqtt.js
 * acting as the device), on a real PostgreSQL with the in-process bus: a command
 * sent over REST reaches the connected device and its ack makes it succeeded; one
 * for an offline device is delivered when it connects; one past its expiry is
 * expired and never delivered; a record system's request on Kafka is queued the
 * same way; a second broker instance delivers what the first one queued.
 */
import type { MqttClient } from 'mqtt';
import { TOPICS, deviceTopic, type DeviceCommandMessageV1 } from '@tsunagu/contracts';
import { DeviceAgent, standardCommandHandler } from '@tsunagu/device-agent';
import { ManualClock, Publisher } from '@tsunagu/platform';
import { appUnderTest } from '../../../test/support/app-under-test';
import type { RunningApp } from '../../../test/support/app-harness';
import { freePort } from '../../../test/support/kafka-broker';
import { expectEventually, uniqueId } from '../../../test/support/test-env';
import { DeviceDeliveryJob } from '../src/broker/device-delivery.job';
import { IngestBrokerModule } from '../src/ingest-broker.module';
import { connectDevice, type DeviceCredentials } from './ingest-fixtures';

interface Device {
  readonly client: MqttClient;
  readonly received: DeviceCommandMessageV1[];
}

describe('device commands (real MQTT clients, real PostgreSQL)', () => {
  const clock = new ManualClock(Date.now());
  // long polls: these tests run the delivery job by hand where they need it
  const rig = appUnderTest({ serviceName: 'ingest-commands', clock, ingest: { instanceId: 'broker-a', commandPollMs: 3_600_000 } });
  let other: RunningApp;
  let otherUrl: string;
  const clients: MqttClient[] = [];

  const provision = async (kind: 'machine' | 'vehicle' = 'machine'): Promise<DeviceCredentials> => {
    const res = await rig.app.request('POST', '/devices', { body: { kind, model: kind === 'machine' ? 'excavator-20t' : 'van-2t' } });
    expect(res.status).toBe(201);
    return { deviceId: res.body.deviceId, password: res.body.password };
  };

  /** Connects as the device and subscribes to its commands at QoS 1, collecting what arrives. */
  const online = async (creds: DeviceCredentials, url = rig.mqttUrl): Promise<Device> => {
    const client = await connectDevice(url, creds);
    clients.push(client);
    const received: DeviceCommandMessageV1[] = [];
    client.on('message', (topic, payload) => {
      if (topic === deviceTopic(creds.deviceId, 'commands')) received.push(JSON.parse(payload.toString('utf8')));
    });
    await client.subscribeAsync(deviceTopic(creds.deviceId, 'commands'), { qos: 1 });
    return { client, received };
  };

  const command = (deviceId: string) => async (commandId: string) => (await rig.app.request('GET', `/devices/${deviceId}/commands/${commandId}`)).body;

  beforeAll(async () => {
    const otherPort = await freePort();
    // the second instance has its own bus (one consumer per group per in-process bus; what the instances share is PostgreSQL)
    other = await rig.resources.app({ serviceName: 'ingest-commands', bus: rig.resources.inProcessBus(), databaseUrl: rig.db.url, clock, modules: [IngestBrokerModule.register({ mqttPort: otherPort, instanceId: 'broker-b', commandPollMs: 3_600_000 })] });
    otherUrl = `mqtt://127.0.0.1:${otherPort}`;
    rig.resources.defer(() => Promise.all(clients.map((c) => c.endAsync(true))));
  });

  it('delivers a REST command to the connected device at QoS 1; its ack makes it succeeded, all in the audit trail', async () => {
    const creds = await provision();
    const device = await online(creds);
    const sent = await rig.app.request('POST', `/devices/${creds.deviceId}/commands`, { body: { name: 'diagnostic-dump', args: { components: ['engine'] } }, role: 'maintenance' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ deviceId: creds.deviceId, name: 'diagnostic-dump', state: 'queued', requestedBy: 'api:maintenance', source: 'rest' });
    const { commandId } = sent.body;
    const [message] = await expectEventually(() => {
      expect(device.received).toHaveLength(1);
      return device.received;
    });
    expect(message).toMatchObject({ commandId, name: 'diagnostic-dump', args: { components: ['engine'] } });
    expect(await command(creds.deviceId)(commandId)).toMatchObject({ state: 'delivered', deliveredBy: 'broker-a' });

    await device.client.publishAsync(deviceTopic(creds.deviceId, 'commands/ack'), JSON.stringify({ commandId, status: 'succeeded', result: { coolantTempC: 85 } }), { qos: 1 });
    const done = await expectEventually(async () => {
      const c = await command(creds.deviceId)(commandId);
      expect(c.state).toBe('succeeded');
      return c;
    });
    expect(done).toMatchObject({ result: { coolantTempC: 85 }, completedAt: expect.any(String), deliveredAt: expect.any(String), queuedAt: expect.any(String) });
    const fleet = await rig.app.request('GET', '/device-commands?state=succeeded', { role: 'operator' });
    expect(fleet.body.map((c: { commandId: string }) => c.commandId)).toContain(commandId);
    const list = await rig.app.request('GET', `/devices/${creds.deviceId}/commands`, { role: 'operator' });
    expect(list.body.map((c: { commandId: string }) => c.commandId)).toEqual([commandId]);
    await expectEventually(async () => {
      const events = (await rig.app.request('GET', `/devices/${creds.deviceId}/events`)).body.map((e: { event: string }) => e.event);
      expect(events).toEqual(expect.arrayContaining(['command-queued', 'command-delivered', 'command-succeeded']));
    });
  });

  it('delivers a command queued while the device was offline once it connects', async () => {
    const creds = await provision('vehicle');
    const sent = await rig.app.request('POST', `/devices/${creds.deviceId}/commands`, { body: { name: 'report-position', commandId: uniqueId('pos-') }, role: 'callcentre' });
    expect(sent.status).toBe(201);
    expect((await command(creds.deviceId)(sent.body.commandId)).state).toBe('queued');
    const device = await online(creds);
    await expectEventually(() => expect(device.received.map((m) => m.commandId)).toEqual([sent.body.commandId]));
    expect((await command(creds.deviceId)(sent.body.commandId)).state).toBe('delivered');
    // the same id again is the same command, not a second one
    const again = await rig.app.request('POST', `/devices/${creds.deviceId}/commands`, { body: { name: 'report-position', commandId: sent.body.commandId }, role: 'callcentre' });
    expect(again.status).toBe(200);
    expect(again.body.state).toBe('delivered');
  });

  it('delivers to a resumed persistent session, which does not subscribe again', async () => {
    const creds = await provision();
    const first = await connectDevice(rig.mqttUrl, creds, { clean: false });
    await first.subscribeAsync(deviceTopic(creds.deviceId, 'commands'), { qos: 1 });
    await first.endAsync();
    const sent = await rig.app.request('POST', `/devices/${creds.deviceId}/commands`, { body: { name: 'ping' } });
    const received: string[] = [];
    const resumed = await connectDevice(rig.mqttUrl, creds, { clean: false });
    clients.push(resumed);
    resumed.on('message', (_topic, payload) => received.push(JSON.parse(payload.toString('utf8')).commandId));
    await expectEventually(() => expect(received).toEqual([sent.body.commandId]));
  });

  it('expires a command whose expiry passed while the device was away, and never delivers it', async () => {
    const creds = await provision();
    const stale = await rig.app.request('POST', `/devices/${creds.deviceId}/commands`, { body: { name: 'ping', ttlMs: 60_000 } });
    expect(stale.status).toBe(201);
    clock.advance(60_001);
    expect(await rig.app.app.get(DeviceDeliveryJob).run()).toMatchObject({ expired: expect.any(Number) });
    expect(await command(creds.deviceId)(stale.body.commandId)).toMatchObject({ state: 'expired', deliveredAt: null, completedAt: expect.any(String) });
    const device = await online(creds);
    // a command sent after it arrives; the expired one never did
    const fresh = await rig.app.request('POST', `/devices/${creds.deviceId}/commands`, { body: { name: 'reboot' } });
    await expectEventually(() => expect(device.received.map((m) => m.commandId)).toContain(fresh.body.commandId));
    expect(device.received.map((m) => m.commandId)).not.toContain(stale.body.commandId);
    // an ack of the expired command changes nothing
    await device.client.publishAsync(deviceTopic(creds.deviceId, 'commands/ack'), JSON.stringify({ commandId: stale.body.commandId, status: 'succeeded' }), { qos: 1 });
    await expectEventually(async () =>
      expect((await rig.app.request('GET', `/devices/${creds.deviceId}/events`)).body.map((e: { event: string }) => e.event)).toContain('command-ack-ignored'),
    );
    expect((await command(creds.deviceId)(stale.body.commandId)).state).toBe('expired');
  });

  it('refuses a command the kind does not know or bad arguments, naming the field; only operators and record-system roles may send', async () => {
    const creds = await provision('vehicle');
    const unknown = await rig.app.request('POST', `/devices/${creds.deviceId}/commands`, { body: { name: 'diagnostic-dump' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('no command "diagnostic-dump"');
    const bad = await rig.app.request('POST', `/devices/${creds.deviceId}/commands`, { body: { name: 'set-reporting-interval', args: { intervalMs: 5 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('args.intervalMs');
    expect((await rig.app.request('POST', `/devices/${creds.deviceId}/commands`, { body: { name: 'ping' }, role: 'trading' })).status).toBe(403);
    expect((await rig.app.request('POST', '/devices/nope-404/commands', { body: { name: 'ping' } })).status).toBe(404);
    expect((await rig.app.request('GET', `/devices/${creds.deviceId}/commands/nope`)).status).toBe(404);
    const catalogue = await rig.app.request('GET', '/device-commands/catalogue/vehicle', { role: 'operator' });
    expect(catalogue.body.commands.map((c: { name: string }) => c.name)).toEqual(['set-reporting-interval', 'report-position', 'ping', 'reboot']);
    expect(catalogue.body.commands[0].args).toMatchObject({ type: 'object', properties: { intervalMs: { type: 'integer', minimum: 100 } } });
  });

  it('lets a device answer only its own commands', async () => {
    const owner = await provision();
    const intruder = await provision();
    await online(owner);
    const sent = await rig.app.request('POST', `/devices/${owner.deviceId}/commands`, { body: { name: 'ping' } });
    await expectEventually(async () => expect((await command(owner.deviceId)(sent.body.commandId)).state).toBe('delivered'));
    const other = await online(intruder);
    await other.client.publishAsync(deviceTopic(intruder.deviceId, 'commands/ack'), JSON.stringify({ commandId: sent.body.commandId, status: 'failed', error: 'hijack' }), { qos: 1 });
    await expectEventually(async () =>
      expect((await rig.app.request('GET', `/devices/${intruder.deviceId}/events`)).body.map((e: { event: string }) => e.event)).toContain('command-ack-ignored'),
    );
    expect((await command(owner.deviceId)(sent.body.commandId)).state).toBe('delivered');
  });

  it('queues a record system’s request from the command topic and delivers it', async () => {
    const creds = await provision();
    const device = await online(creds);
    const maintenance = new Publisher(rig.bus, { producer: 'maintenance', validate: true });
    const commandId = uniqueId('wo-');
    await maintenance.publish(TOPICS.deviceCommandRequests, [
      { value: { commandId, deviceId: creds.deviceId, name: 'diagnostic-dump', args: {}, expiresAt: clock.now() + 60_000, requestedBy: 'maintenance', requestedAt: clock.now() }, cause: { topic: 'test' } },
    ]);
    await expectEventually(() => expect(device.received.map((m) => m.commandId)).toEqual([commandId]));
    expect(await command(creds.deviceId)(commandId)).toMatchObject({ requestedBy: 'maintenance', source: TOPICS.deviceCommandRequests, state: 'delivered' });
  });

  it('the device agent answers a catalogue command; its result lands on the command', async () => {
    const creds = await provision();
    const agent = new DeviceAgent({ url: rig.mqttUrl, deviceId: creds.deviceId, password: creds.password, clock: () => clock.now() });
    let intervalMs = 1000;
    agent.handleCommands(
      standardCommandHandler({ latest: () => ({ ts: 1, coolantTempC: 91, hydraulicTempC: 60 }), stats: () => ({ ...agent.stats() }), setIntervalMs: (ms) => (intervalMs = ms) }),
    );
    await agent.start();
    try {
      expect(await agent.waitConnected(10_000)).toBe(true);
      const interval = await rig.app.request('POST', `/devices/${creds.deviceId}/commands`, { body: { name: 'set-reporting-interval', args: { intervalMs: 250 } } });
      const dump = await rig.app.request('POST', `/devices/${creds.deviceId}/commands`, { body: { name: 'diagnostic-dump', args: { components: ['engine'] } } });
      await expectEventually(async () => expect((await command(creds.deviceId)(dump.body.commandId)).state).toBe('succeeded'));
      expect(await command(creds.deviceId)(dump.body.commandId)).toMatchObject({ result: { ts: 1, coolantTempC: 91 } });
      expect(await command(creds.deviceId)(interval.body.commandId)).toMatchObject({ state: 'succeeded', result: { intervalMs: 250 } });
      expect(intervalMs).toBe(250);
    } finally {
      await agent.stop();
    }
  });

  it('delivers a command queued on one instance to a device connected to another', async () => {
    const creds = await provision();
    const device = await online(creds, otherUrl);
    const sent = await rig.app.request('POST', `/devices/${creds.deviceId}/commands`, { body: { name: 'ping' } });
    // broker-a does not hold the session; broker-b's poll finds the command
    await other.app.get(DeviceDeliveryJob).run();
    await expectEventually(() => expect(device.received.map((m) => m.commandId)).toEqual([sent.body.commandId]));
    expect(await command(creds.deviceId)(sent.body.commandId)).toMatchObject({ state: 'delivered', deliveredBy: 'broker-b' });
  });
});
