/**
 * Desired and reported state through a real aedes broker and a real MQTT client
 * acting as the device, on a real PostgreSQL: a desired change made while the
 * device is away reaches it when it reconnects, with the delta to what it last
 * reported; a stale desired version is refused with 409, a stale report too.
 */
import type { MqttClient } from 'mqtt';
import { deviceTopic, type DeviceDesiredStateMessageV1 } from '@tsunagu/contracts';
import { appUnderTest } from '../../../test/support/app-under-test';
import { expectEventually } from '../../../test/support/test-env';
import { connectDevice, type DeviceCredentials } from './ingest-fixtures';

describe('device desired and reported state (real MQTT client, real PostgreSQL)', () => {
  const rig = appUnderTest({ serviceName: 'ingest-state', ingest: { commandPollMs: 3_600_000 } });
  let creds: DeviceCredentials;

  /** Connects as the device, subscribed to its desired state, collecting what arrives. */
  const online = async (): Promise<{ client: MqttClient; received: DeviceDesiredStateMessageV1[] }> => {
    const client = await connectDevice(rig.mqttUrl, creds);
    const received: DeviceDesiredStateMessageV1[] = [];
    client.on('message', (_topic, payload) => received.push(JSON.parse(payload.toString('utf8'))));
    await client.subscribeAsync(deviceTopic(creds.deviceId, 'state/desired'), { qos: 1 });
    return { client, received };
  };
  const state = async () => (await rig.app.request('GET', `/devices/${creds.deviceId}/state`, { role: 'operator' })).body;
  const setDesired = (version: number, desired: Record<string, unknown>) =>
    rig.app.request('PUT', `/devices/${creds.deviceId}/state/desired`, { body: { version, desired }, role: 'operator' });
  const report = (client: MqttClient, body: unknown) => client.publishAsync(deviceTopic(creds.deviceId, 'state/reported'), JSON.stringify(body), { qos: 1 });

  beforeAll(async () => {
    const res = await rig.app.request('POST', '/devices', { body: { kind: 'machine', model: 'excavator-20t' } });
    creds = { deviceId: res.body.deviceId, password: res.body.password };
  });

  it('delivers a desired change made while the device was away when it reconnects, with the delta; stale versions are refused', async () => {
    expect(await state()).toMatchObject({ desired: {}, desiredVersion: 0, reported: {}, delta: {} });
    // the device is online and reports what it runs with
    const first = await online();
    await report(first.client, { reported: { intervalMs: 1000, firmware: '1.4.2' } });
    await expectEventually(async () => expect((await state()).reported).toEqual({ intervalMs: 1000, firmware: '1.4.2' }));
    await first.client.endAsync();

    // while it is away, an operator changes the interval (based on version 0)
    const changed = await setDesired(0, { intervalMs: 500, mode: 'eco' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ desiredVersion: 1, desiredBy: 'api:operator', delta: { intervalMs: 500, mode: 'eco' } });
    // a second operator who also saw version 0 is refused
    const stale = await setDesired(0, { intervalMs: 2000 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'STATE_VERSION_CONFLICT', currentVersion: 1 });

    const second = await online();
    await expectEventually(() => expect(second.received).toEqual([{ version: 1, desired: { intervalMs: 500, mode: 'eco' }, delta: { intervalMs: 500, mode: 'eco' } }]));
    await report(second.client, { reported: { intervalMs: 500, mode: 'eco' }, version: 1 });
    await expectEventually(async () => expect(await state()).toMatchObject({ reported: { intervalMs: 500, mode: 'eco', firmware: '1.4.2' }, reportedVersion: 2, delta: {} }));

    // a report based on a reported version that has moved on is refused
    await report(second.client, { reported: { mode: 'turbo' }, version: 1 });
    await expectEventually(async () =>
      expect((await rig.app.request('GET', `/devices/${creds.deviceId}/events`)).body.map((e: { event: string }) => e.event)).toContain('state-report-refused'),
    );
    expect((await state()).reported.mode).toBe('eco');

    // in sync, a reconnect sends nothing new
    await second.client.endAsync();
    const third = await online();
    const marker = await setDesired(1, { intervalMs: 250, mode: 'eco' });
    expect(marker.status).toBe(200);
    await expectEventually(() => expect(third.received.map((m) => m.version)).toEqual([2]));
    expect(third.received[0]!.delta).toEqual({ intervalMs: 250 });
    await third.client.endAsync();
  });
});
