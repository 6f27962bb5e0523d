/* eslint-disable max-lines -- the peers, the process each runs in and the report read top to bottom in one file, like bench/e2e.bench.ts */
/**
 * Ingest benchmark: N devices publish QoS 1 telemetry, in one run on one machine, through
 *   1. bare aedes (no auth, no validation, no Kafka): the baseline;
 *   2. a naive bridge: aedes that awaits one kafkajs `send()` per message before its
 *      PUBACK (what most users write first), into the same REAL Kafka;
 *   3. the Tsunagu ingest broker (authentication, validation, hand-over to Kafka,
 *      PUBACK after the Kafka ack), as fast as it goes (each device keeps `BENCH_WINDOW`
 *      messages in flight);
 *   4. the Tsunagu ingest broker again at a fixed load, half the rate it reached in 3
 *      (`BENCH_PACED_SHARE`, 0.5), for its latency at half load.
 * Prints msg/s and publish→PUBACK p50/p99 of each, the ratios to bare aedes and the
 * machine's load average; writes bench/reports/ingest.json. Each peer runs in a process of
 * its own (a peer measured after others in one process paid for their leftovers).
 *
 *   npm run bench:ingest                     # 50 devices, 15 s each
 *   BENCH_DEVICES=200 BENCH_SECONDS=30 BENCH_WINDOW=10 npm run bench:ingest
 *   KAFKA_BROKERS=host:9092 npm run bench:ingest   # use an existing Kafka instead of starting one
 *   BENCH_ONLY=tsunagu node --cpu-prof -r @swc-node/register bench/ingest.bench.ts   # the ingest broker alone (profiling)
 *   BENCH_ONLY=paced BENCH_PACED_RATE=6500 npm run bench:ingest   # latency at one rate: bare aedes, then Tsunagu (no report)
 * Bare aedes runs at the paced rate too: its latency is what the load generator and the machine add by themselves.
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { KafkaBus, setLogLevel, startEmbeddedPostgres } from '@tsunagu/platform';
import { startApp } from '../test/support/app-harness';
import { freePort } from '../test/support/kafka-broker';
import { benchLog, benchSizes } from './support/settings';
import { IngestBrokerModule } from '../apps/ingest-broker/src/ingest-broker.module';
import { withAedes } from './support/bare-aedes';
import { benchKafka } from './support/bench-kafka';
import { cpuMsOf } from './support/process-cpu';
import { inOwnProcess, reportToParent } from './support/peer-process';

const { DEVICES, SECONDS, WINDOW, WARMUP_SECONDS: WARMUP, PACED_SHARE, PACED_RATE } = benchSizes({
  DEVICES: 50,
  SECONDS: 15,
  WINDOW: 10,
  WARMUP_SECONDS: 3,
  PACED_SHARE: 0.5,
  /** with BENCH_ONLY=paced: the rate, msg/s (0: 6 500) */
  PACED_RATE: 0,
});
/** `tsunagu` alone (e.g. under --cpu-prof), `paced` (bare aedes and Tsunagu at BENCH_PACED_RATE); default every peer */
const ONLY = process.env.BENCH_ONLY;
const REPORT = join(__dirname, 'reports', 'ingest.json');

type Device = { deviceId: string; password: string };

interface LoadResult {
  sent: number;
  acked: number;
  errors: number;
  seconds: number;
  latenciesMs: { p50: number; p99: number; max: number };
  /** acknowledged messages, warm-up included (what the CPU figures are divided by) */
  ackedWithWarmup: number;
  /** the load generator's own CPU */
  cpuMs: number;
}

/**
 * A peer's figures, with the machine's 1-minute load average before and after its
 * run and the CPU each process spent per acknowledged message (µs): on a machine
 * shared with other work the CPU figures move far less than the rates.
 */
interface PeerResult extends Omit<LoadResult, 'cpuMs' | 'ackedWithWarmup'> {
  msgPerSec: number;
  loadAverage: { before: number; after: number };
  cpuUsPerMessage: { broker: number; kafka: number | null; loadGenerator: number };
}

/** The Kafka process whose CPU counts with each Kafka peer (unknown for a Kafka the bench did not start). */
let kafkaPid: number | undefined;

function runLoad(url: string, devices: readonly Device[], rate?: number): Promise<LoadResult> {
  const input = JSON.stringify({ url, devices, seconds: SECONDS, window: WINDOW, warmupSeconds: WARMUP, rate });
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', resolve(__dirname, 'support/mqtt-load.ts'), input],
      { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, SWC_NODE_PROJECT: resolve(__dirname, '..', 'tsconfig.json') } },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolvePromise(JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult)),
    );
  });
}

const load1 = (): number => Math.round(loadavg()[0]! * 100) / 100;

async function measured(url: string, devices: readonly Device[], rate?: number, usesKafka = true): Promise<PeerResult> {
  const before = load1();
  const cpu = process.cpuUsage();
  const kafkaBefore = usesKafka ? cpuMsOf(kafkaPid) : null;
  const { cpuMs, ackedWithWarmup, ...r } = await runLoad(url, devices, rate);
  const { user, system } = process.cpuUsage(cpu);
  const kafkaAfter = usesKafka ? cpuMsOf(kafkaPid) : null;
  const perMessage = (ms: number) => Math.round((ms * 1000) / Math.max(1, ackedWithWarmup));
  return {
    ...r,
    msgPerSec: Math.round(r.acked / r.seconds),
    loadAverage: { before, after: load1() },
    cpuUsPerMessage: {
      broker: perMessage((user + system) / 1000),
      kafka: kafkaBefore === null || kafkaAfter === null ? null : perMessage(kafkaAfter - kafkaBefore),
      loadGenerator: perMessage(cpuMs),
    },
  };
}

const log = benchLog('ingest');

/** The ingest broker as fast as it goes, or paced at `rate` msg/s (with the broker's event-loop delay). */
async function benchTsunagu(work: string, brokers: string[], rate?: number): Promise<PeerResult> {
  log('starting embedded PostgreSQL…');
  const pg = await startEmbeddedPostgres({ dataDir: join(work, 'pg'), port: await freePort(), persistent: false });
  // the bus as a deployment configures it (its defaults are the production settings); the two knobs of its producer can be tried
  const knob = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined);
  const bus = new KafkaBus({ brokers, clientId: 'bench', topicPrefix: `bench-${Date.now()}-`, lingerMs: knob('KAFKA_LINGER_MS'), producerLanes: knob('KAFKA_PRODUCER_LANES') });
  const mqttPort = await freePort();
  const app = await startApp({ serviceName: 'bench', bus, databaseUrl: pg.url, modules: [IngestBrokerModule.register({ mqttPort })] });
  try {
    log(`provisioning ${DEVICES} devices…`);
    const devices: Device[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const res = await app.request('POST', '/devices', { body: { kind: 'machine', model: 'excavator-20t', deviceId: `bench-${i}` } });
      devices.push({ deviceId: res.body.deviceId, password: res.body.password });
    }
    const url = `mqtt://127.0.0.1:${mqttPort}`;
    if (rate === undefined) {
      log(`driving ${DEVICES} devices × ${WINDOW} in flight for ${SECONDS} s (after ${WARMUP} s warm-up) through Tsunagu → Kafka…`);
      return await measured(url, devices);
    }
    log(`the devices at ${rate} msg/s through Tsunagu → Kafka…`);
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const result = await measured(url, devices, rate);
    loop.disable();
    const ms = (ns: number): string => (ns / 1e6).toFixed(1);
    log(`the broker's event-loop delay: p50 ${ms(loop.percentile(50))}, p99 ${ms(loop.percentile(99))}, max ${ms(loop.max)} ms`);
    return result;
  } finally {
    await app.close();
    await bus.close();
    await pg.stop();
  }
}

const plainDevices = (): Device[] => Array.from({ length: DEVICES }, (_, i) => ({ deviceId: `bench-${i}`, password: 'unused' }));

async function benchBareAedes(rate?: number): Promise<PeerResult> {
  log(`driving the same load${rate === undefined ? '' : ` at ${rate} msg/s`} through bare aedes (no auth, no validation, no Kafka)…`);
  return withAedes({}, (url) => measured(url, plainDevices(), rate, false));
}

/** aedes with the bridge most users write first: one awaited kafkajs `send()` per message, PUBACK after it. */
async function benchNaiveBridge(brokers: string[]): Promise<PeerResult> {
  const kafka = new Kafka({ clientId: 'bench-naive', brokers, logLevel: logLevel.WARN });
  const topic = `bench-naive-${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
  await admin.disconnect();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    log('driving the same load through aedes with a naive Kafka bridge (one awaited send() per message)…');
    return await withAedes(
      {
        authorizePublish: (client, packet, done) =>
          void producer.send({ topic, acks: -1, messages: [{ key: client?.id ?? null, value: packet.payload as Buffer }] }).then(
            () => done(null),
            (err: Error) => done(err),
          ),
      },
      (url) => measured(url, plainDevices()),
    );
  } finally {
    await producer.disconnect();
  }
}

function row(name: string, r: PeerResult): string {
  const cpu = r.cpuUsPerMessage;
  return [
    `${name.padEnd(30)} ${String(r.msgPerSec).padStart(8)} msg/s   p50 ${r.latenciesMs.p50.toFixed(2).padStart(7)} ms   p99 ${r.latenciesMs.p99.toFixed(2).padStart(7)} ms   errors ${r.errors}`,
    `${''.padEnd(30)} CPU µs per message: broker ${cpu.broker}, kafka ${cpu.kafka ?? '–'}, load generator ${cpu.loadGenerator}   load average ${r.loadAverage.before} → ${r.loadAverage.after}`,
  ].join('\n');
}

const ratioOf = (a: PeerResult, b: PeerResult): number => Math.round((a.acked / Math.max(1, b.acked)) * 1000) / 1000;

type PeerName = 'bare' | 'naive' | 'tsunagu';

/** One peer, in this process (`rate`: paced at that many msg/s, else as fast as it goes). */
async function runPeer(name: PeerName, work: string, brokers: string[], rate?: number): Promise<PeerResult> {
  switch (name) {
    case 'bare':
      return benchBareAedes(rate);
    case 'naive':
      return benchNaiveBridge(brokers);
    case 'tsunagu':
      return benchTsunagu(work, brokers, rate);
  }
}

/** One peer in a process of its own (this script with BENCH_PEER set), as it would run deployed. */
function peerProcess(name: PeerName, brokers: string[], rate?: number): Promise<PeerResult> {
  const env = { BENCH_PEER: name, BENCH_PEER_RATE: rate === undefined ? '' : String(rate), BENCH_PEER_KAFKA: brokers.join(','), BENCH_PEER_KAFKA_PID: String(kafkaPid ?? '') };
  return inOwnProcess<PeerResult>(__filename, env, `peer ${name}`);
}

/** The BENCH_PEER side of `peerProcess`: run the one peer, print its result as the last stdout line. */
async function peerMain(name: PeerName): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'tsunagu-bench-peer-'));
  chmodSync(work, 0o755);
  kafkaPid = process.env.BENCH_PEER_KAFKA_PID ? Number(process.env.BENCH_PEER_KAFKA_PID) : undefined;
  const rate = process.env.BENCH_PEER_RATE ? Number(process.env.BENCH_PEER_RATE) : undefined;
  try {
    const result = await runPeer(name, work, (process.env.BENCH_PEER_KAFKA ?? '').split(','), rate);
    reportToParent(result);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  setLogLevel('warn');
  const peer = process.env.BENCH_PEER as PeerName | undefined;
  if (peer) return peerMain(peer);
  const work = mkdtempSync(join(tmpdir(), 'tsunagu-bench-'));
  // embedded PostgreSQL runs as its own OS user when we are root: it must reach the folder
  chmodSync(work, 0o755);
  const kafka = await benchKafka(work, log);
  kafkaPid = kafka.pid;
  try {
    if (ONLY === 'paced') {
      // latency at one chosen rate: bare aedes (what the load generator and the machine add by themselves), then Tsunagu
      const rate = PACED_RATE > 0 ? PACED_RATE : 6500;
      const bare = await peerProcess('bare', kafka.brokers, rate);
      const tsunagu = await peerProcess('tsunagu', kafka.brokers, rate);
      process.stdout.write(`${row(`bare aedes at ${rate} msg/s`, bare)}\n${row(`tsunagu at ${rate} msg/s`, tsunagu)}\n`);
      return;
    }
    if (ONLY === 'tsunagu') {
      // in this process, so --cpu-prof sees the broker
      process.stdout.write(`${row('tsunagu (→ Kafka ack)', await runPeer('tsunagu', work, kafka.brokers))}\n`);
      return;
    }
    const bare = await peerProcess('bare', kafka.brokers);
    const naive = await peerProcess('naive', kafka.brokers);
    const tsunagu = await peerProcess('tsunagu', kafka.brokers);
    const rate = Math.round(tsunagu.msgPerSec * PACED_SHARE);
    log(`Tsunagu and bare aedes again at ${rate} msg/s (${PACED_SHARE} of Tsunagu's rate)…`);
    const paced = await peerProcess('tsunagu', kafka.brokers, rate);
    const barePaced = await peerProcess('bare', kafka.brokers, rate);
    const report = {
      machine: { node: process.version, cpus: cpus().length, loadAverage: loadavg().map((l) => Math.round(l * 100) / 100) },
      devices: DEVICES,
      window: WINDOW,
      seconds: SECONDS,
      /** each peer ran in a process of its own */
      peerProcesses: true,
      tsunagu,
      tsunaguPaced: { rate, share: PACED_SHARE, ...paced },
      naiveBridge: naive,
      bareAedes: bare,
      /** bare aedes at the paced rate: the latency the load generator and the machine add by themselves */
      bareAedesPaced: { rate, ...barePaced },
      ratio: { tsunagu: ratioOf(tsunagu, bare), naiveBridge: ratioOf(naive, bare), tsunaguToNaive: ratioOf(tsunagu, naive) },
      measuredAt: new Date().toISOString(),
    };
    mkdirSync(join(__dirname, 'reports'), { recursive: true });
    writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(
      [
        '',
        `ingest benchmark: ${DEVICES} devices, QoS 1, ${WINDOW} in flight per device, ${SECONDS} s measured, each peer in its own process, node ${process.version}, ${cpus().length} cores`,
        row('tsunagu (→ Kafka ack)', tsunagu),
        row(`tsunagu at ${rate} msg/s`, paced),
        row('naive bridge (send() each)', naive),
        row('bare aedes (no Kafka)', bare),
        row(`bare aedes at ${rate} msg/s`, barePaced),
        `ratio to bare aedes: tsunagu ${(report.ratio.tsunagu * 100).toFixed(0)} %, naive bridge ${(report.ratio.naiveBridge * 100).toFixed(0)} %; tsunagu / naive bridge ${report.ratio.tsunaguToNaive.toFixed(2)}×`,
        `report: ${REPORT}`,
        '',
      ].join('\n'),
    );
  } finally {
    await kafka.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
