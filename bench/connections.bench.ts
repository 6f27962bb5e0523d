/**
 * Connection benchmark: N provisioned devices open their MQTT connections at once
 * (a raw-socket generator in its own process, bench/support/raw-connect.ts: one
 * pre-encoded CONNECT per socket, at most BENCH_IN_FLIGHT unanswered) to (a) a bare
 * aedes broker (no auth)
 * and (b) the ingest broker with its device registry in a REAL PostgreSQL (embedded
 * unless DATABASE_URL is set; the all-in-one PostgreSQL bus carries the presence
 * events). Per broker, ROUNDS rounds of "all connect, all idle, all disconnect":
 * round 1 is the first connect (nothing cached), later rounds are reconnects.
 * Prints connects/s of both, the ratio, and heap per idle connection (after a full
 * gc, growth of heapUsed over the broker before the round, divided by N); writes
 * bench/reports/connections.json. Each broker runs in a process of its own (this script with
 * BENCH_ONLY set), as it would be deployed.
 *
 *   npm run bench:connections                         # 10 000 devices, 3 rounds
 *   BENCH_DEVICES=5000 BENCH_ROUNDS=5 npm run bench:connections
 *   BENCH_ONLY=tsunagu node --expose-gc --cpu-prof -r @swc-node/register bench/connections.bench.ts
 */
import 'reflect-metadata';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { Aedes } from 'aedes';
import { PostgresBus, setLogLevel } from '@tsunagu/platform';
import { startApp } from '../test/support/app-harness';
import { freePort } from '../test/support/kafka-broker';
import { benchDatabase } from './support/bench-database';
import { benchLog, benchSizes } from './support/settings';
import { IngestBrokerModule } from '../apps/ingest-broker/src/ingest-broker.module';
import { BulkService } from '../apps/ingest-broker/src/bulk/bulk.service';
import { BULK_MAX_ROWS } from '../apps/ingest-broker/src/bulk/bulk-file';
import { MQTT_LISTEN_BACKLOG, MqttBrokerService } from '../apps/ingest-broker/src/broker/mqtt-broker.service';
import { PresenceTracker } from '../apps/ingest-broker/src/broker/presence.tracker';
import { startProfile } from './support/profile';
import { cpuMsOf } from './support/process-cpu';
import { inOwnProcess, reportToParent } from './support/peer-process';

// 10 000: a round lasts seconds, not a fraction of one; ulimit -n (20 000 here) bounds one process's sockets
const sizes = benchSizes({ DEVICES: 10_000, ROUNDS: 3, IN_FLIGHT: 1000 });
const DEVICES = sizes.DEVICES;
const ROUNDS = Math.max(2, sizes.ROUNDS);
/** `tsunagu` or `bare` alone (e.g. under --cpu-prof), nothing written; default both */
const ONLY = process.env.BENCH_ONLY;
/** a CPU profile of the ingest broker's rounds only (not provisioning): BENCH_PROFILE=<file.cpuprofile> */
const PROFILE = process.env.BENCH_PROFILE;
const REPORT = join(__dirname, 'reports', 'connections.json');

type Device = { deviceId: string; password: string };

interface RoundResult {
  readonly connectsPerSec: number;
  /** connects per CPU second of the broker's process (PostgreSQL's own processes not counted): the figure a shared, loaded machine moves least */
  readonly connectsPerCpuSec: number;
  readonly ms: number;
  readonly failed: number;
  /** heapUsed growth per connection while all were idle (bytes) */
  readonly heapPerConnection: number;
  /** Buffers and other memory outside the JS heap, growth per connection (bytes) */
  readonly externalPerConnection: number;
  /** CPU µs of the load generator per connect: it must stay well below the broker's */
  readonly generatorCpuUsPerConnect: number | null;
}

interface BrokerResult {
  readonly rounds: RoundResult[];
  /** round 1: nothing cached */
  readonly firstConnectsPerSec: number;
  /** median of the later rounds */
  readonly reconnectsPerSec: number;
  readonly firstConnectsPerCpuSec: number;
  readonly reconnectsPerCpuSec: number;
  /** of round 1 (bytes) */
  readonly heapPerConnection: number;
}

/** The broker side the rounds need: how many sessions it holds, and when its own writes are done. */
interface BrokerUnderTest {
  connected(): number;
  settled(): Promise<void>;
}

const log = benchLog('connections');

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with node --expose-gc (npm run bench:connections does)');
  collect();
  collect();
};

/** The load generator process, driven one command at a time. */
class ConnectClients {
  readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly waiting: Array<(line: string) => void> = [];

  constructor(port: number, devices: readonly Device[]) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', resolve(__dirname, 'support/raw-connect.ts')], {
      env: { ...process.env, SWC_NODE_PROJECT: resolve(__dirname, '..', 'tsconfig.json') },
    });
    this.child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (line) => this.waiting.shift()?.(line));
    this.child.stdin.write(`${JSON.stringify({ host: '127.0.0.1', port, devices, inFlight: sizes.IN_FLIGHT })}\n`);
  }

  send<T>(command: 'connect' | 'close'): Promise<T> {
    return new Promise((resolvePromise) => {
      this.waiting.push((line) => resolvePromise(JSON.parse(line) as T));
      this.child.stdin.write(`${command}\n`);
    });
  }

  exit(): Promise<void> {
    return new Promise((resolvePromise) => {
      this.child.once('exit', () => resolvePromise());
      this.child.stdin.write('exit\n');
    });
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function rounds(name: string, port: number, devices: readonly Device[], broker: BrokerUnderTest): Promise<BrokerResult> {
  const clients = new ConnectClients(port, devices);
  const results: RoundResult[] = [];
  try {
    for (let r = 1; r <= ROUNDS; r++) {
      gc();
      const before = process.memoryUsage();
      const cpu = process.cpuUsage();
      const generatorBefore = cpuMsOf(clients.child.pid);
      const round = await clients.send<{ connected: number; failed: number; firstError?: string; ms: number }>('connect');
      if (round.failed > 0) log(`${name} round ${r}: ${round.failed} connects failed (${round.firstError})`);
      await until(() => broker.connected() >= round.connected, `${name} to register ${round.connected} sessions`);
      await broker.settled();
      const { user, system } = process.cpuUsage(cpu);
      const generatorAfter = cpuMsOf(clients.child.pid);
      const generatorCpuUsPerConnect =
        generatorBefore === null || generatorAfter === null ? null : Math.round(((generatorAfter - generatorBefore) * 1000) / Math.max(1, round.connected));
      gc();
      const after = process.memoryUsage();
      const perConnection = (key: 'heapUsed' | 'external') => Math.round((after[key] - before[key]) / Math.max(1, round.connected));
      results.push({
        connectsPerSec: Math.round(round.connected / (round.ms / 1000)),
        connectsPerCpuSec: Math.round(round.connected / ((user + system) / 1e6)),
        ms: Math.round(round.ms),
        failed: round.failed,
        heapPerConnection: perConnection('heapUsed'),
        externalPerConnection: perConnection('external'),
        generatorCpuUsPerConnect,
      });
      log(
        `${name} round ${r}: ${round.connected} connected in ${round.ms.toFixed(0)} ms = ${Math.round(round.connected / (round.ms / 1000))}/s ` +
          `(broker CPU ${((user + system) / 1000).toFixed(0)} ms, generator ${generatorCpuUsPerConnect ?? '?'} µs per connect), ${(perConnection('heapUsed') / 1024).toFixed(1)} KB heap each, load ${loadavg()[0]!.toFixed(2)}`,
      );
      await clients.send('close');
      await until(() => broker.connected() === 0, `${name} to see every session end`);
      await broker.settled();
    }
  } finally {
    await clients.exit();
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    rounds: results,
    firstConnectsPerSec: results[0]!.connectsPerSec,
    reconnectsPerSec: median(results.slice(1).map((r) => r.connectsPerSec)),
    firstConnectsPerCpuSec: results[0]!.connectsPerCpuSec,
    reconnectsPerCpuSec: median(results.slice(1).map((r) => r.connectsPerCpuSec)),
    heapPerConnection: results[0]!.heapPerConnection,
  };
}

async function benchBareAedes(): Promise<BrokerResult> {
  const broker = await Aedes.createBroker({ concurrency: 1000 });
  const server = createServer((socket) => broker.handle(socket));
  // the backlog the ingest broker listens with: thousands of SYNs at once must not wait for a retransmit
  await new Promise<void>((r) => server.listen({ port: 0, host: '127.0.0.1', backlog: MQTT_LISTEN_BACKLOG }, () => r()));
  try {
    const devices = Array.from({ length: DEVICES }, (_, i) => ({ deviceId: `bench-${i}`, password: 'unused' }));
    log(`bare aedes (no auth): ${DEVICES} devices connecting at once…`);
    return await rounds('bare aedes', (server.address() as AddressInfo).port, devices, {
      connected: () => broker.connectedClients,
      settled: async () => undefined,
    });
  } finally {
    await new Promise<void>((r) => broker.close(() => r()));
    await new Promise<void>((r) => server.close(() => r()));
  }
}

async function benchTsunagu(): Promise<BrokerResult> {
  const db = await benchDatabase(log);
  const bus = await PostgresBus.open({ url: db.url, schema: `bench_bus_${Date.now()}` });
  const mqttPort = await freePort();
  const app = await startApp({ serviceName: 'bench', bus, databaseUrl: db.url, modules: [IngestBrokerModule.register({ mqttPort, wsPort: 0 })] });
  try {
    log(`provisioning ${DEVICES} devices (bulk files of ${BULK_MAX_ROWS})…`);
    const bulk = app.app.get(BulkService);
    const devices: Device[] = [];
    const run = Date.now().toString(36);
    for (let from = 0; from < DEVICES; from += BULK_MAX_ROWS) {
      const ids = Array.from({ length: Math.min(BULK_MAX_ROWS, DEVICES - from) }, (_, i) => `bench-${run}-${from + i}`);
      const report = await bulk.apply('csv', ['action,deviceId,kind,model,site', ...ids.map((id) => `create,${id},machine,excavator-20t,`)].join('\n'), 'bench');
      for (const row of report.rows) devices.push({ deviceId: row.deviceId!, password: row.device!.password });
    }
    const mqtt = app.app.get(MqttBrokerService);
    const presence = app.app.get(PresenceTracker);
    log(`tsunagu ingest broker (registry in PostgreSQL): ${DEVICES} devices connecting at once…`);
    const profile = PROFILE ? await startProfile() : null;
    const result = await rounds('tsunagu', mqttPort, devices, { connected: () => mqtt.connectedCount, settled: () => presence.settled() });
    if (profile && PROFILE) {
      await profile.stop(PROFILE);
      log(`cpu profile of the rounds: ${PROFILE}`);
    }
    return result;
  } finally {
    await app.close();
    await bus.close();
    await db.close();
  }
}

function rows(name: string, r: BrokerResult): string[] {
  const rate = (n: number) => n.toLocaleString('en-US').padStart(7);
  return [
    `${name.padEnd(31)} first ${rate(r.firstConnectsPerSec)} connects/s   reconnect ${rate(r.reconnectsPerSec)} connects/s   heap ${(r.heapPerConnection / 1024).toFixed(1).padStart(5)} KB per idle connection`,
    `${''.padEnd(31)} first ${rate(r.firstConnectsPerCpuSec)} per CPU s    reconnect ${rate(r.reconnectsPerCpuSec)} per CPU s  (the broker's process)`,
  ];
}

const ratioOf = (a: number, b: number): number => Math.round((a / b) * 1000) / 1000;

async function main(): Promise<void> {
  setLogLevel('warn');
  const loadBefore = Math.round(loadavg()[0]! * 100) / 100;
  if (ONLY === 'tsunagu' || ONLY === 'bare') {
    reportToParent(ONLY === 'tsunagu' ? await benchTsunagu() : await benchBareAedes());
    return;
  }
  // each peer in a process of its own, as it would run deployed
  const bare = await inOwnProcess<Awaited<ReturnType<typeof benchBareAedes>>>(__filename, { BENCH_ONLY: 'bare' }, 'bare aedes');
  const tsunagu = await inOwnProcess<Awaited<ReturnType<typeof benchTsunagu>>>(__filename, { BENCH_ONLY: 'tsunagu' }, 'tsunagu');
  const report = {
    machine: { node: process.version, cpus: cpus().length, loadAverage: loadavg().map((l) => Math.round(l * 100) / 100) },
    /** 1-minute load average when the run began and when it ended */
    load: { before: loadBefore, after: Math.round(loadavg()[0]! * 100) / 100 },
    generator: `raw sockets, one pre-encoded MQTT 3.1.1 CONNECT each, at most ${sizes.IN_FLIGHT} unanswered`,
    devices: DEVICES,
    rounds: ROUNDS,
    tsunagu,
    bareAedes: bare,
    ratio: {
      first: ratioOf(tsunagu.firstConnectsPerSec, bare.firstConnectsPerSec),
      reconnect: ratioOf(tsunagu.reconnectsPerSec, bare.reconnectsPerSec),
      firstPerCpu: ratioOf(tsunagu.firstConnectsPerCpuSec, bare.firstConnectsPerCpuSec),
      reconnectPerCpu: ratioOf(tsunagu.reconnectsPerCpuSec, bare.reconnectsPerCpuSec),
      heap: ratioOf(tsunagu.heapPerConnection, bare.heapPerConnection),
    },
    measuredAt: new Date().toISOString(),
  };
  mkdirSync(join(__dirname, 'reports'), { recursive: true });
  writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    [
      '',
      `connection benchmark: ${DEVICES} devices connecting at once, ${ROUNDS} rounds, node ${process.version}, ${cpus().length} cores, load average ${report.load.before} → ${report.load.after}`,
      ...rows('tsunagu (auth, registry in PG)', tsunagu),
      ...rows('bare aedes (no auth)', bare),
      `ratio tsunagu / bare aedes: first connects ${(report.ratio.first * 100).toFixed(0)} % (per CPU s ${(report.ratio.firstPerCpu * 100).toFixed(0)} %), reconnects ${(report.ratio.reconnect * 100).toFixed(0)} % (per CPU s ${(report.ratio.reconnectPerCpu * 100).toFixed(0)} %), heap ${report.ratio.heap.toFixed(2)}×`,
      `report: ${REPORT}`,
      '',
    ].join('\n'),
  );
}

// the exit ends what the apps leave behind (pool timers, sockets in TIME_WAIT)
void main()
  .catch((err: Error) => {
    process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
    process.exitCode = 1;
  })
  .finally(() => process.exit());
