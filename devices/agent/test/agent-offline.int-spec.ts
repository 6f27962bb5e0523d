import { TOPICS, type MachineTelemetryV1 } from '@tsunagu/contracts';
import type { KafkaBus } from '@tsunagu/platform';
import { MachineModel } from '@tsunagu/simulators';
import { freePort } from '../../../test/support/kafka-broker';
import { createTestBus, expectEventually, uniqueId } from '../../../test/support/test-env';
import { testResources, type TestDatabase, type TopicCollector } from '../../../test/support/test-resources';
import { IngestBrokerModule } from '@apps/ingest-broker';
import { DeviceAgent } from '../src';

/**
 * The device agent against the real ingest broker (real MQTT, Kafka and PostgreSQL):
 * readings made while the platform is away wait in the on-disk outbox and arrive
 * afterwards, in order, even when the agent itself was restarted in between.
 */
describe('device agent when the platform goes away', () => {
  const resources = testResources();
  const prefix = uniqueId('agent-');
  let bus: KafkaBus;
  let db: TestDatabase;
  let mqttPort: number;
  let records: TopicCollector;
  const T0 = Date.parse('2026-11-30T02:00:00Z');

  /** the platform the agents talk to, on a bus of its own: it goes away and comes back */
  const platform = resources.restartable(() => ({ serviceName: 'agent-test', bus: () => createTestBus(prefix), databaseUrl: db.url, modules: [IngestBrokerModule.register({ mqttPort })] }));
  /** an agent stopped (abruptly) after the file if the test does not stop it */
  const agentOf = (options: ConstructorParameters<typeof DeviceAgent>[0]) => resources.own(new DeviceAgent(options), (a) => a.stop({ abrupt: true }));
  const provision = async () => {
    const res = await platform.app.request('POST', '/devices', { body: { kind: 'machine', model: 'excavator-20t' } });
    expect(res.status).toBe(201);
    return { deviceId: res.body.deviceId as string, password: res.body.password as string };
  };
  /** seqs as they arrived on Kafka, duplicates (at-least-once) removed, first arrival kept */
  const deliveredSeqs = (deviceId: string) => {
    const seen = new Set<number>();
    const out: number[] = [];
    for (const r of records.json<MachineTelemetryV1>(TOPICS.machineTelemetry)) {
      if (r.deviceId !== deviceId || seen.has(r.seq)) continue;
      seen.add(r.seq);
      out.push(r.seq);
    }
    return out;
  };
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  beforeAll(async () => {
    bus = resources.kafkaBus(prefix);
    await bus.ensureTopics([TOPICS.machineTelemetry]);
    db = await resources.database();
    mqttPort = await freePort();
    await platform.start();
    records = await resources.collect(bus, [TOPICS.machineTelemetry]);
  });

  it('delivers every reading made during an outage afterwards, in order', async () => {
    const creds = await provision();
    const agent = agentOf({ url: `mqtt://127.0.0.1:${mqttPort}`, ...creds, dataDir: resources.tempDir('agent-int-') });
    const model = new MachineModel({ model: 'excavator-20t', seed: 1, startAt: T0, shifts: false });
    let t = T0;
    const readOne = () => agent.publishTelemetry(model.read((t += 5000)));
    await agent.start();
    expect(await agent.waitConnected(10_000)).toBe(true);

    for (let i = 0; i < 20; i++) readOne();
    expect(await agent.drain(15_000)).toBe(true);

    await platform.stop();
    await expectEventually(() => expect(agent.stats().connected).toBe(false));
    for (let i = 0; i < 30; i++) readOne();
    expect(agent.stats().pending).toBe(30);

    await platform.start();
    for (let i = 0; i < 10; i++) readOne();
    expect(await agent.drain(30_000)).toBe(true);
    await expectEventually(() => expect(deliveredSeqs(creds.deviceId)).toEqual(range(1, 60)));
    // the broker enriched and kept each reading's own time
    const first = records.json<MachineTelemetryV1>(TOPICS.machineTelemetry).find((r) => r.deviceId === creds.deviceId && r.seq === 21)!;
    expect(first).toMatchObject({ model: 'excavator-20t', ts: T0 + 21 * 5000 });
  });

  it('wrong credentials: a clear failure and a slow retry, never a tight loop', async () => {
    const creds = await provision();
    const agent = agentOf({ url: `mqtt://127.0.0.1:${mqttPort}`, deviceId: creds.deviceId, password: 'not-the-password' });
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
    const dataDir = resources.tempDir('agent-int-');
    const url = `mqtt://127.0.0.1:${mqttPort}`;
    const model = new MachineModel({ model: 'crane-50t', seed: 2, startAt: T0, shifts: false });
    let t = T0;

    const first = new DeviceAgent({ url, ...creds, dataDir });
    await first.start();
    expect(await first.waitConnected(10_000)).toBe(true);
    for (let i = 0; i < 5; i++) first.publishTelemetry(model.read((t += 5000)));
    expect(await first.drain(15_000)).toBe(true);

    await platform.stop();
    await expectEventually(() => expect(first.stats().connected).toBe(false));
    for (let i = 0; i < 25; i++) first.publishTelemetry(model.read((t += 5000)));
    await first.stop({ abrupt: true }); // the gateway reboots while the platform is away

    const second = agentOf({ url, ...creds, dataDir });
    await second.start();
    expect(second.stats()).toMatchObject({ pending: 25, nextSeq: 31 });
    second.publishTelemetry(model.read((t += 5000)));

    await platform.start();
    expect(await second.drain(30_000)).toBe(true);
    await expectEventually(() => expect(deliveredSeqs(creds.deviceId)).toEqual(range(1, 31)));
  });
});
