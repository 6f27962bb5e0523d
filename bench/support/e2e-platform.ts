/**
 * The platform the end-to-end bench drives, started the way a user deploys it, on a
 * Kafka given to it:
 *   - `all-in-one`: the single process `npm start` runs (apps/platform, every feature
 *     module) with KAFKA_BROKERS set and its own embedded PostgreSQL under DATA_DIR;
 *   - `services`: one process per service of the machines' path (as the chaos suite
 *     starts them) on an embedded PostgreSQL of the bench's own.
 * Each is a real OS process (test/support/service-process.ts); `stop()` ends every one.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../libs/platform/src/database/embedded-postgres';
import { ADMIN_TOKEN, awaitHealth } from '../../test/chaos/chaos-probes';
import { freePort } from '../../test/support/kafka-broker';
import { ServiceProcess } from '../../test/support/service-process';
import { cpuMsOf, descendantsCpuMs } from './process-cpu';

export const E2E_MODES = ['all-in-one', 'services'] as const;
export type E2eMode = (typeof E2E_MODES)[number];

/** The services a machine reading passes through: door, analysis, record system, history. */
export const MACHINE_PATH_SERVICES = ['ingest-broker', 'operation-analysis', 'maintenance', 'telemetry-history'] as const;

export interface E2ePlatform {
  readonly mode: E2eMode;
  /** the REST API that provisions devices (admin token: ADMIN_TOKEN) */
  readonly apiUrl: string;
  readonly mqttUrl: string;
  /** the database every service of the path writes to */
  readonly databaseUrl: string;
  readonly topicPrefix: string;
  /** CPU ms so far of each process of the platform (PostgreSQL: its server processes together) */
  cpuMs(): Record<string, number | null>;
  /** starts, then (called again) writes the CPU profile of every platform process (with `cpuProfileDir`) */
  toggleProfile(): void;
  stop(): Promise<void>;
}

/** SIGTERM, and SIGKILL if it has not gone within `ms`; with `group`, until every process of its group (an embedded PostgreSQL) has gone too. */
async function stopProcess(p: ServiceProcess, group = false, ms = 15_000): Promise<void> {
  const pgid = p.pid;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.kill('SIGTERM'), new Promise<void>((r) => (timer = setTimeout(r, ms)))]).catch(() => undefined);
  clearTimeout(timer);
  if (p.running) await p.kill('SIGKILL').catch(() => undefined);
  if (!group || pgid === undefined) return;
  const alive = (): boolean => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const deadline = Date.now() + ms; alive() && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
  if (alive()) process.kill(-pgid, 'SIGKILL');
}

function signal(procs: readonly ServiceProcess[], profiling: string | undefined): void {
  if (profiling) for (const p of procs) if (p.pid) process.kill(p.pid, 'SIGWINCH');
}

async function ready(p: ServiceProcess): Promise<void> {
  await p.start();
  if ((await awaitHealth(p, 200, 180_000)) !== 200) throw new Error(`${p.app} not ready:\n${p.output()}`);
}

export interface PlatformOptions {
  readonly workDir: string;
  readonly kafkaBrokers: readonly string[];
  /** the services of the `services` mode (default: the machines' path) */
  readonly services?: readonly string[];
  /** CPU profiles of every platform process, of the phase between two toggleProfile() calls, written here */
  readonly cpuProfileDir?: string;
  /** PUBLISHes per second one device may send (DEVICE_PUBLISH_RATE and, doubled, DEVICE_PUBLISH_BURST of the ingest broker); default the broker's own */
  readonly devicePublishRate?: number;
  log(line: string): void;
}

export async function startPlatform(mode: E2eMode, opts: PlatformOptions): Promise<E2ePlatform> {
  const topicPrefix = `e2e-${Date.now().toString(36)}-`;
  // a profile of the phase the bench chooses: SIGWINCH starts and ends it (./cpu-profile-preload.js)
  const nodeArgs = opts.cpuProfileDir ? ['-r', resolve(__dirname, 'cpu-profile-preload.js')] : [];
  const profileEnv: Record<string, string> = opts.cpuProfileDir ? { BENCH_CPU_PROF_DIR: resolve(opts.cpuProfileDir) } : {};
  const kafka: Record<string, string> = { KAFKA_BROKERS: opts.kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: topicPrefix, API_TOKENS: `admin:${ADMIN_TOKEN}`, ...profileEnv };
  const mqttPort = await freePort();
  const limit = opts.devicePublishRate;
  const mqtt: Record<string, string> = {
    MQTT_PORT: String(mqttPort),
    MQTT_WS_PORT: '0',
    ...(limit ? { DEVICE_PUBLISH_RATE: String(limit), DEVICE_PUBLISH_BURST: String(2 * limit) } : {}),
  };
  if (mode === 'all-in-one') {
    const pgPort = await freePort();
    // its own process group: stopping it stops the embedded PostgreSQL it started
    const platform = new ServiceProcess({
      app: 'platform',
      httpPort: await freePort(),
      group: true,
      nodeArgs,
      startTimeoutMs: 180_000,
      env: { ...kafka, ...mqtt, DATA_DIR: resolve(opts.workDir, 'platform'), EMBEDDED_PG_PORT: String(pgPort) },
    });
    opts.log('starting the all-in-one process (apps/platform) on Kafka…');
    try {
      await ready(platform);
    } catch (err) {
      await stopProcess(platform, true);
      throw err;
    }
    const pid = platform.pid!;
    return {
      mode,
      apiUrl: platform.url,
      mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
      databaseUrl: `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres`,
      topicPrefix,
      cpuMs: () => ({ platform: cpuMsOf(pid), postgres: descendantsCpuMs(pid, 'postgres') }),
      toggleProfile: () => signal([platform], opts.cpuProfileDir),
      stop: () => stopProcess(platform, true),
    };
  }
  const procs: ServiceProcess[] = [];
  let pg: EmbeddedPostgresHandle | null = null;
  const stop = async (): Promise<void> => {
    await Promise.all(procs.map((p) => stopProcess(p)));
    await pg?.stop().catch(() => undefined);
  };
  try {
    opts.log('starting PostgreSQL…');
    pg = await startEmbeddedPostgres({ dataDir: resolve(opts.workDir, 'postgres'), port: await freePort(), persistent: false });
    const setup = new Client({ connectionString: pg.url });
    await setup.connect();
    await setup.query('CREATE DATABASE e2e');
    await setup.end();
    const databaseUrl = pg.url.replace(/\/postgres$/, '/e2e');
    const common = { ...kafka, DATABASE_URL: databaseUrl, DEVICE_SECRET_KEY: randomBytes(32).toString('base64url') };
    for (const app of opts.services ?? MACHINE_PATH_SERVICES) {
      procs.push(new ServiceProcess({ app, httpPort: await freePort(), nodeArgs, startTimeoutMs: 180_000, env: { ...common, KAFKA_CLIENT_ID: app, ...(app === 'ingest-broker' ? mqtt : {}) } }));
    }
    opts.log(`starting ${procs.map((p) => p.app).join(', ')} as separate processes…`);
    // two at a time: each compiles its sources on start, on two cores
    for (let i = 0; i < procs.length; i += 2) await Promise.all(procs.slice(i, i + 2).map(ready));
    const ingest = procs.find((p) => p.app === 'ingest-broker');
    if (!ingest) throw new Error('the services mode needs the ingest-broker');
    return {
      mode,
      apiUrl: ingest.url,
      mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
      databaseUrl,
      topicPrefix,
      cpuMs: () => ({ ...Object.fromEntries(procs.map((p) => [p.app, cpuMsOf(p.pid)])), postgres: descendantsCpuMs(process.pid, 'postgres') }),
      toggleProfile: () => signal(procs, opts.cpuProfileDir),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
