import { TOPICS, type MachineTelemetryV1 } from '@tsunagu/contracts';
import { MachineModel } from '@tsunagu/simulators';
import { appUnderTest } from '../../../test/support/app-under-test';
import { expectEventually, uniqueId } from '../../../test/support/test-env';
import { DeviceAgent } from '../src';

/**
 * The device agent against the real ingest broker (real MQTT, Kafka and PostgreSQL):
 * readings made while the platform is away wait in the on-disk outbox and arrive
 * afterwards, in order, even when the agent itself was restarted in between.
 */
describe('device agent when the platform goes away', () => {
  /** the platform the agents talk to, on a bus of its own: it goes away and comes back */
  const rig = appUnderTest({ serviceName: 'agent-test', kafka: uniqueId('agent-'), topics: [TOPICS.machineTelemetry], ingest: {}, restartable: true, collect: [TOPICS.machineTelemetry] });
  const T0 = Date.parse('2026-11-30T02:00:00Z');

  /** an agent stopped (abruptly) after the file if the test does not stop it */
  const agentOf = (options: ConstructorParameters<typeof DeviceAgent>[0]) => rig.resources.own(new DeviceAgent(options), (a) => a.stop({ abrupt: true }));
  const provision = async () => {
    const res = await rig.app.request('POST', '/devices', { body: { kind: 'machine', model: 'excavator-20t' } });
    expect(res.status).toBe(201);
    return { deviceId: res.body.deviceId as string, password: res.body.password as string };
  };
  /** seqs as they arrived on Kafka, duplicates (at-least-once) removed, first arrival kept */
  const deliveredSeqs = (deviceId: string) => {
    const seen = new Set<number>();
    const out: number[] = [];
    for (const r of rig.records.json<MachineTelemetryV1>(TOPICS.machineTelemetry)) {
      if (r.deviceId !== deviceId || seen.has(r.seq)) continue;
      seen.add(r.seq);
      out.push(r.seq);
    }
    return out;
  };
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('delivers every reading made during an outage afterwards, in order', async () => {
    const creds = await provision();
    const agent = agentOf({ url: rig.mqttUrl, ...creds, dataDir: rig.resources.tempDir('agent-int-') });
    const model = new MachineModel({ model: 'excavator-20t', seed: 1, startAt: T0, shifts: false });
    let t = T0;
    const readOne = () => agent.publishTelemetry(model.read((t += 5000)));
    await agent.start();
    expect(await agent.waitConnected(10_000)).toBe(true);

    for (let i = 0; i < 20; i++) readOne();
    expect(await agent.drain(15_000)).toBe(true);

    await rig.restartable.stop();
    await expectEventually(() => expect(agent.stats().connected).toBe(false));
    for (let i = 0; i < 30; i++) readOne();
    expect(agent.stats().pending).toBe(30);

    await rig.restartable.start();
    for (let i = 0; i < 10; i++) readOne();
    expect(await agent.drain(30_000)).toBe(true);
    await expectEventually(() => expect(deliveredSeqs(creds.deviceId)).toEqual(range(1, 60)));
    // the broker enriched and kept each reading's own time
    const first = rig.records.json<MachineTelemetryV1>(TOPICS.machineTelemetry).find((r) => r.deviceId === creds.deviceId && r.seq === 21)!;
    expect(first).toMatchObject({ model: 'excavator-20t', ts: T0 + 21 * 5000 });
  });

  it('wrong credentials: a clear failure and a slow retry, never a tight loop', async () => {
    const creds = await provision();
    const agent = agentOf({ url: rig.mqttUrl, deviceId: creds.deviceId, password: 'not-the-password' });
    await agent.start();
    await expectEventually(() => expect(agent.stats().lastFailure?.kind).toBe('credentials'));
    expect(agent.stats().lastFailure!.message).toMatch(/refused the device's credentials \(CONNACK [45]: /);
    const attempts = agent.stats().failedConnects;
    // the first retry waits 1–2 s, the next 2–4 s
    await new Promise((r) => setTimeout(r, 900));
    expect(agent.stats().failedConnects).toBeLessThanOrEqual(attempts + 1);
    expect(agent.stats().connected).toBe(false);
    await agent.stop();
  });

  it('an agent restarted while offline still delivers what it had buffered, and its seq goes on', async () => {
    const creds = await provision();
    const dataDir = rig.resources.tempDir('agent-int-');
    const url = rig.mqttUrl;
    const model = new MachineModel({ model: 'crane-50t', seed: 2, startAt: T0, shifts: false });
    let t = T0;

    const first = new DeviceAgent({ url, ...creds, dataDir });
    await first.start();
    expect(await first.waitConnected(10_000)).toBe(true);
    for (let i = 0; i < 5; i++) first.publishTelemetry(model.read((t += 5000)));
    expect(await first.drain(15_000)).toBe(true);

    await rig.restartable.stop();
    await expectEventually(() => expect(first.stats().connected).toBe(false));
    for (let i = 0; i < 25; i++) first.publishTelemetry(model.read((t += 5000)));
    await first.stop({ abrupt: true }); // the gateway reboots while the platform is away

    const second = agentOf({ url, ...creds, dataDir });
    await second.start();
    expect(second.stats()).toMatchObject({ pending: 25, nextSeq: 31 });
    second.publishTelemetry(model.read((t += 5000)));

    await rig.restartable.start();
    expect(await second.drain(30_000)).toBe(true);
    await expectEventually(() => expect(deliveredSeqs(creds.deviceId)).toEqual(range(1, 31)));
  });
});
