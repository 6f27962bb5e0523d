/**
 * The simulators' devices answer commands: a fleet of one machine and one vehicle,
 * provisioned through REST and connected over MQTT to the real ingest broker (real
 * PostgreSQL, in-process bus), answers a diagnostic dump and a position request
 * from its models' latest readings, and refuses what a simulated device cannot do
 * (its reporting runs on the fleet's clock), each ack visible through REST.
 */
import { appUnderTest } from '../../test/support/app-under-test';
import { TEST_TOKENS } from '../../test/support/app-harness';
import { expectEventually, uniqueId } from '../../test/support/test-env';
import { Fleet, PlatformApiClient } from '../src';

describe("the simulators' devices answer commands (real MQTT broker, real PostgreSQL)", () => {
  const rig = appUnderTest({ serviceName: 'sim-commands', ingest: { commandPollMs: 3_600_000 } });
  let fleet: Fleet;
  const machineId = uniqueId('sim-m-');
  const vehicleId = uniqueId('sim-v-');

  /** Sends a command over REST and waits until the device's ack finished it. */
  const answer = async (deviceId: string, name: string, args: Record<string, unknown> = {}) => {
    const sent = await rig.app.request('POST', `/devices/${deviceId}/commands`, { body: { name, args }, role: 'operator' });
    expect(sent.status).toBe(201);
    return expectEventually(async () => {
      const c = (await rig.app.request('GET', `/devices/${deviceId}/commands/${sent.body.commandId}`, { role: 'operator' })).body;
      expect(['succeeded', 'failed']).toContain(c.state);
      return c;
    });
  };

  beforeAll(async () => {
    const simStart = Date.now();
    fleet = rig.resources.own(
      await Fleet.provision(
        [
          { ref: 'machine:0', kind: 'machine', model: 'excavator-20t', deviceId: machineId },
          { ref: 'vehicle:0', kind: 'vehicle', model: 'van-2t', deviceId: vehicleId },
        ],
        { mqttUrl: rig.mqttUrl, api: new PlatformApiClient({ baseUrl: rig.app.httpUrl, token: TEST_TOKENS.admin }), seed: 7, simStart },
      ),
      (f) => f.stop(),
    );
    expect(await fleet.waitConnected(20_000)).toBe(true);
    fleet.tick(simStart + 60_000);
  }, 60_000);

  it('a simulated machine answers a diagnostic dump from its latest reading', async () => {
    const done = await answer(machineId, 'diagnostic-dump', { components: ['engine'] });
    expect(done).toMatchObject({ state: 'succeeded', result: { coolantTempC: expect.any(Number), engineHours: expect.any(Number) } });
    expect(done.result).not.toHaveProperty('hydraulicPressureBar');
  });

  it('a simulated vehicle answers with its position; ping answers the agent statistics', async () => {
    expect(await answer(vehicleId, 'report-position')).toMatchObject({ state: 'succeeded', result: { position: { lat: expect.any(Number), lon: expect.any(Number) } } });
    expect(await answer(vehicleId, 'ping')).toMatchObject({ state: 'succeeded', result: { connected: true } });
  });

  it('refuses what it cannot do, with the reason', async () => {
    expect(await answer(machineId, 'set-reporting-interval', { intervalMs: 1000 })).toMatchObject({ state: 'failed', error: expect.stringContaining('fleet clock') });
  });
});
