import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import mqtt from 'mqtt';
import { deviceTopic } from '@tsunagu/contracts';
import { setLogLevel, setLogSink } from '@tsunagu/platform/logging/logger';
import { standardCommandHandler } from './commands/standard-commands';
import { DeviceAgent } from './device-agent';
import { startPlainBroker, type PlainBroker } from './testing/plain-broker';
import { reconnectDelay, classifyConnectError } from './connect-failure';

const logLines: string[] = [];
setLogLevel('info');
setLogSink((line) => logLines.push(line));

async function eventually(check: () => void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

const seqsOf = (broker: PlainBroker, deviceId: string) =>
  broker.published
    .filter((p) => p.topic === deviceTopic(deviceId, 'telemetry'))
    .map((p) => (JSON.parse(p.payload.toString()) as { seq: number }).seq);

describe('DeviceAgent', () => {
  let broker: PlainBroker;
  const agents: DeviceAgent[] = [];
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'agent-'));

  beforeEach(async () => {
    broker = await startPlainBroker({ passwords: { 'dev-1': 'secret-1', 'dev-2': 'secret-2' } });
    logLines.length = 0;
  });
  afterEach(async () => {
    for (const a of agents.splice(0)) await a.stop({ abrupt: true });
    await broker.close();
  });

  it('publishes telemetry at QoS 1 with seq and ts, in order', async () => {
    const agent = new DeviceAgent({ url: broker.url, deviceId: 'dev-1', password: 'secret-1' });
    agents.push(agent);
    await agent.start();
    for (let i = 0; i < 20; i++) agent.publishTelemetry({ coolantTempC: 80 + i }, 1_700_000_000_000 + i);
    expect(await agent.drain(5000)).toBe(true);
    expect(seqsOf(broker, 'dev-1')).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const first = broker.published.find((p) => p.topic.endsWith('/telemetry'))!;
    expect(first.qos).toBe(1);
    expect(JSON.parse(first.payload.toString())).toEqual({ coolantTempC: 80, seq: 1, ts: 1_700_000_000_000 });
  });

  it('buffers while the broker is down and resends everything in order afterwards', async () => {
    const agent = new DeviceAgent({ url: broker.url, deviceId: 'dev-1', password: 'secret-1', dataDir: tmp() });
    agents.push(agent);
    await agent.start();
    await agent.waitConnected(5000);
    for (let i = 0; i < 5; i++) agent.publishTelemetry({ i });
    await agent.drain(5000);
    await broker.stop();
    await eventually(() => expect(agent.stats().connected).toBe(false));
    for (let i = 5; i < 15; i++) agent.publishTelemetry({ i });
    expect(agent.stats().pending).toBe(10);
    await broker.restart();
    expect(await agent.drain(15_000)).toBe(true);
    const seqs = seqsOf(broker, 'dev-1');
    expect([...new Set(seqs)]).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  it('keeps the outbox and the sequence across an agent restart', async () => {
    const dataDir = tmp();
    await broker.stop();
    const a1 = new DeviceAgent({ url: broker.url, deviceId: 'dev-2', password: 'secret-2', dataDir, connectTimeoutMs: 500 });
    await a1.start();
    for (let i = 0; i < 7; i++) a1.publishTelemetry({ i });
    await a1.stop({ abrupt: true });
    await broker.restart();
    const a2 = new DeviceAgent({ url: broker.url, deviceId: 'dev-2', password: 'secret-2', dataDir });
    agents.push(a2);
    await a2.start();
    a2.publishTelemetry({ i: 7 });
    expect(await a2.drain(10_000)).toBe(true);
    expect(seqsOf(broker, 'dev-2')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('reports wrong credentials clearly and backs off instead of looping', async () => {
    const agent = new DeviceAgent({ url: broker.url, deviceId: 'dev-1', password: 'wrong' });
    agents.push(agent);
    await agent.start();
    await new Promise((r) => setTimeout(r, 1500));
    const s = agent.stats();
    expect(s.connected).toBe(false);
    expect(s.lastFailure?.kind).toBe('credentials');
    // first retry waits at least 1 s (credentials backoff base 2 s, jitter down to half)
    expect(s.failedConnects).toBeLessThanOrEqual(2);
    const line = logLines.map((l) => JSON.parse(l) as { msg: string }).find((l) => /refused the device's credentials/.test(l.msg));
    expect(line?.msg).toMatch(/CONNACK (4|5).*retrying in \d+\.\d s/);
    expect(logLines.join('\n')).not.toContain('wrong');
  });

  it('reports an unreachable platform in one line without a stack', async () => {
    const port = broker.port;
    await broker.stop();
    const agent = new DeviceAgent({ url: `mqtt://127.0.0.1:${port}`, deviceId: 'dev-1', password: 'secret-1' });
    agents.push(agent);
    await agent.start();
    await eventually(() => expect(agent.stats().failedConnects).toBeGreaterThanOrEqual(1));
    expect(agent.stats().lastFailure).toEqual({ kind: 'unreachable', message: `the platform at mqtt://127.0.0.1:${port} is unreachable (ECONNREFUSED 127.0.0.1:${port})` });
    const warn = logLines.find((l) => l.includes('unreachable'))!;
    expect(warn).not.toMatch(/\n|at .*\.js:\d+/);
    await broker.restart();
  });

  it('receives commands on its own commands topic', async () => {
    const agent = new DeviceAgent({ url: broker.url, deviceId: 'dev-1', password: 'secret-1' });
    agents.push(agent);
    const got: unknown[] = [];
    agent.on('command', (c) => got.push(c.body));
    await agent.start();
    await agent.waitConnected(5000);
    const operator = mqtt.connect(broker.url, { username: 'dev-2', password: 'secret-2', clientId: 'dev-2', reconnectPeriod: 0 });
    await new Promise((r) => operator.once('connect', r));
    // the agent's SUBSCRIBE may still be on its way: repeat until the first command lands
    const repeat = setInterval(() => {
      operator.publish(deviceTopic('dev-1', 'commands'), JSON.stringify({ command: 'set-interval', intervalMs: 500 }), { qos: 1 });
    }, 50);
    try {
      await eventually(() => expect(got.length).toBeGreaterThan(0));
    } finally {
      clearInterval(repeat);
      await operator.endAsync();
    }
    expect(got[0]).toEqual({ command: 'set-interval', intervalMs: 500 });
  });

  it('runs a catalogue command once and answers it on commands/ack through the outbox', async () => {
    const agent = new DeviceAgent({ url: broker.url, deviceId: 'dev-1', password: 'secret-1' });
    agents.push(agent);
    const ran: string[] = [];
    agent.handleCommands(
      standardCommandHandler({
        latest: () => ({ ts: 1, coolantTempC: 91, hydraulicTempC: 60, position: { lat: 1, lon: 2 } }),
        stats: () => ({ connected: true }),
        setIntervalMs: (ms) => ran.push(`interval ${ms}`),
      }),
    );
    await agent.start();
    await agent.waitConnected(5000);
    const operator = mqtt.connect(broker.url, { username: 'dev-2', password: 'secret-2', clientId: 'dev-2', reconnectPeriod: 0 });
    await new Promise((r) => operator.once('connect', r));
    const send = (commandId: string, name: string, args: Record<string, unknown> = {}) =>
      operator.publish(deviceTopic('dev-1', 'commands'), JSON.stringify({ commandId, name, args, issuedAt: 1, expiresAt: Date.now() + 60_000 }), { qos: 1 });
    const acks = () => broker.published.filter((p) => p.topic === deviceTopic('dev-1', 'commands/ack')).map((p) => JSON.parse(p.payload.toString()));
    // the agent's SUBSCRIBE may still be on its way: repeat (the same id) until it lands; it runs once
    const repeat = setInterval(() => send('c-1', 'set-reporting-interval', { intervalMs: 500 }), 50);
    try {
      await eventually(() => expect(acks().length).toBeGreaterThan(0));
    } finally {
      clearInterval(repeat);
    }
    send('c-2', 'diagnostic-dump', { components: ['engine'] });
    send('c-3', 'self-destruct');
    await eventually(() => expect(acks().map((a) => a.commandId)).toEqual(['c-1', 'c-2', 'c-3']));
    await operator.endAsync();
    expect(ran).toEqual(['interval 500']);
    expect(acks()).toEqual([
      { commandId: 'c-1', status: 'succeeded', result: { intervalMs: 500 } },
      { commandId: 'c-2', status: 'succeeded', result: { ts: 1, coolantTempC: 91 } },
      { commandId: 'c-3', status: 'failed', error: 'unknown command self-destruct' },
    ]);
  }, 30_000);

  it('sets a last will on its status topic', async () => {
    const agent = new DeviceAgent({ url: broker.url, deviceId: 'dev-1', password: 'secret-1' });
    await agent.start();
    await agent.waitConnected(5000);
    await agent.stop({ abrupt: true });
    await eventually(() =>
      expect(broker.published.filter((p) => p.topic === deviceTopic('dev-1', 'status')).map((p) => p.payload.toString())).toEqual([
        '{"online":false}',
      ]),
    );
  });
});

describe('connect failures', () => {
  it('backs off exponentially, slower for credentials than for an unreachable platform', () => {
    const max = () => 1;
    expect([0, 1, 2, 3].map((a) => reconnectDelay('unreachable', a, max))).toEqual([500, 1000, 2000, 4000]);
    expect([0, 1, 2, 3].map((a) => reconnectDelay('credentials', a, max))).toEqual([2000, 4000, 8000, 16000]);
    expect(reconnectDelay('credentials', 50, max)).toBe(120_000);
    expect(reconnectDelay('credentials', 0, () => 0)).toBe(1000);
  });

  it('names the CONNACK reason', () => {
    expect(classifyConnectError(Object.assign(new Error('x'), { code: 5 }), 'mqtt://h:1')).toEqual({
      kind: 'credentials',
      message: "the platform at mqtt://h:1 refused the device's credentials (CONNACK 5: not authorized)",
    });
  });
});
