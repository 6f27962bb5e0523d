/**
 * Ingest benchmark: N devices publish QoS 1 telemetry through the Tsunagu ingest
 * broker (authentication, validation, hand-over to a REAL Kafka, PUBACK after the
 * Kafka ack) and, in the same run on the same machine, through a bare aedes broker
 * (no auth, no validation, no Kafka). Prints sustained msg/s and publish→PUBACK
 * latency p50/p99 of both, and their ratio.
 *
 *   npm run bench:ingest                     # 50 devices, 15 s each
 *   BENCH_DEVICES=200 BENCH_SECONDS=30 BENCH_WINDOW=10 npm run bench:ingest
 *   KAFKA_BROKERS=host:9092 npm run bench:ingest   # use an existing Kafka instead of starting one
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Aedes } from 'aedes';
import { KafkaBus, setLogLevel, startEmbeddedPostgres } from '@tsunagu/platform';
import { startApp } from '../test/support/app-harness';
import { KafkaBroker, freePort } from '../test/support/kafka-broker';
import { IngestBrokerModule } from '../apps/ingest-broker/src/ingest-broker.module';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);

interface LoadResult {
  sent: number;
  acked: number;
  errors: number;
  seconds: number;
  latenciesMs: { p50: number; p99: number; max: number };
}

function runLoad(url: string, devices: Array<{ deviceId: string; password: string }>): Promise<LoadResult> {
  const input = JSON.stringify({ url, devices, seconds: SECONDS, window: WINDOW, warmupSeconds: WARMUP });
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', resolve(__dirname, 'support/mqtt-load.ts'), input],
      { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, SWC_NODE_PROJECT: resolve(__dirname, '..', 'tsconfig.json') } },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolvePromise(JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult)),
    );
  });
}

const log = (msg: string): boolean => process.stderr.write(`[bench:ingest] ${msg}\n`);

async function benchTsunagu(): Promise<LoadResult> {
  const work = mkdtempSync(join(tmpdir(), 'tsunagu-bench-'));
  // embedded PostgreSQL runs as its own OS user when we are root: it must reach the folder
  chmodSync(work, 0o755);
  let kafka: KafkaBroker | null = null;
  let brokers = process.env.KAFKA_BROKERS?.split(',');
  if (!brokers) {
    log('starting a real Kafka broker…');
    kafka = new KafkaBroker({ port: await freePort(), controllerPort: await freePort(), dataDir: join(work, 'kafka') });
    await kafka.start();
    brokers = kafka.brokers;
  }
  log('starting embedded PostgreSQL…');
  const pg = await startEmbeddedPostgres({ dataDir: join(work, 'pg'), port: await freePort(), persistent: false });
  const bus = new KafkaBus({ brokers, clientId: 'bench', topicPrefix: `bench-${Date.now()}-`, lingerMs: 2, maxBatch: 1000 });
  const mqttPort = await freePort();
  const app = await startApp({ serviceName: 'bench', bus, databaseUrl: pg.url, modules: [IngestBrokerModule.register({ mqttPort })] });
  try {
    log(`provisioning ${DEVICES} devices…`);
    const devices: Array<{ deviceId: string; password: string }> = [];
    for (let i = 0; i < DEVICES; i++) {
      const res = await app.request('POST', '/devices', { body: { kind: 'machine', model: 'excavator-20t', deviceId: `bench-${i}` } });
      devices.push({ deviceId: res.body.deviceId, password: res.body.password });
    }
    log(`driving ${DEVICES} devices × ${WINDOW} in flight for ${SECONDS} s (after ${WARMUP} s warm-up) through Tsunagu → Kafka…`);
    return await runLoad(`mqtt://127.0.0.1:${mqttPort}`, devices);
  } finally {
    await app.close();
    await bus.close();
    await pg.stop();
    await kafka?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

async function benchBareAedes(): Promise<LoadResult> {
  const broker = await Aedes.createBroker({ concurrency: 1000 });
  const server = createServer((socket) => broker.handle(socket));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  try {
    const devices = Array.from({ length: DEVICES }, (_, i) => ({ deviceId: `bench-${i}`, password: 'unused' }));
    log(`driving the same load through bare aedes (no auth, no validation, no Kafka)…`);
    return await runLoad(`mqtt://127.0.0.1:${port}`, devices);
  } finally {
    await new Promise<void>((r) => broker.close(() => r()));
    await new Promise<void>((r) => server.close(() => r()));
  }
}

function row(name: string, r: LoadResult): string {
  const rate = r.acked / r.seconds;
  return `${name.padEnd(28)} ${rate.toFixed(0).padStart(8)} msg/s   p50 ${r.latenciesMs.p50.toFixed(2).padStart(7)} ms   p99 ${r.latenciesMs.p99.toFixed(2).padStart(7)} ms   errors ${r.errors}`;
}

async function main(): Promise<void> {
  setLogLevel('warn');
  const tsunagu = await benchTsunagu();
  const bare = await benchBareAedes();
  const ratio = tsunagu.acked / Math.max(1, bare.acked);
  process.stdout.write(
    [
      '',
      `ingest benchmark: ${DEVICES} devices, QoS 1, ${WINDOW} in flight per device, ${SECONDS} s measured, node ${process.version}`,
      row('tsunagu (→ Kafka ack)', tsunagu),
      row('bare aedes (no Kafka)', bare),
      `ratio tsunagu / bare aedes: ${(ratio * 100).toFixed(0)} % of the throughput`,
      JSON.stringify({ devices: DEVICES, window: WINDOW, seconds: SECONDS, tsunagu, bareAedes: bare, ratio }),
      '',
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
