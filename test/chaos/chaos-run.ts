/* eslint-disable max-lines -- the whole chaos plan in one file (processes, fleet, faults in order, checks from the records, the report), so a reader follows one run from start to verdict; shared pieces live in test/support */
/**
 * The chaos suite (issue 14): the platform as separate service processes on a real
 * Kafka and a real PostgreSQL of its own (both loopback), two ingest brokers and two
 * instances of the analysis consumer group, a fleet of machines publishing known
 * reading sequences with known fault episodes; meanwhile each kind of service is
 * killed with SIGKILL and started again, Kafka is stopped and started, PostgreSQL
 * is restarted, and the single-process mode is killed and restarted. At the end the
 * records must show: every PUBACKed reading reached the bus and was analysed exactly
 * once, every fault episode opened exactly one work order, no duplicates, and
 * `/health` told the truth during each outage.
 *
 * Used by `npm run chaos` (scripts/chaos.ts: the full plan, a JSON report) and by the
 * short version inside `npm test` (test/chaos/chaos.e2e-spec.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { TOPICS, type MachineTelemetryV1 } from '@tsunagu/contracts';
import { MachineAnalyser, type MachineState } from '@tsunagu/operation-analysis';
import { KafkaBus, type IncomingMessage } from '@tsunagu/platform';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../libs/platform/src/database/embedded-postgres';
import { expectedFindings, series, type Device } from '../../apps/operation-analysis/test/pair1-fixtures';
import { KafkaBroker, freePort } from '../support/kafka-broker';
import { ServiceProcess } from '../support/service-process';
import { Fleet, MachinePublisher, type FleetOptions } from './chaos-fleet';

export const FAULT_KINDS = ['kill-ingest-broker', 'kill-operation-analysis', 'kill-maintenance', 'kafka-stop-start', 'postgres-restart', 'single-process-restart'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface ChaosPlan {
  readonly name: string;
  readonly machines: number;
  readonly readingsPerMachine: number;
  readonly fleet: FleetOptions;
  readonly instances: { readonly ingest: number; readonly analysis: number; readonly maintenance: number };
  /** the faults of the multi-service part, in order (single-process-restart runs after it) */
  readonly faults: readonly Exclude<FaultKind, 'single-process-restart'>[];
  /** ms Kafka or PostgreSQL stays down once every service has said so */
  readonly outageMs: number;
  /** ms of traffic between two faults */
  readonly settleMs: number;
  readonly singleProcess: { readonly machines: number; readonly readingsPerMachine: number } | null;
  readonly workDir: string;
  readonly log: (line: string) => void;
}

export interface HealthObservation {
  readonly service: string;
  /** the /health status that is the truth during the outage (null: the process is gone, nothing answers) */
  readonly expected: number | null;
  readonly observed: number | null;
  readonly ok: boolean;
}

export interface FaultResult {
  readonly fault: FaultKind;
  readonly target: string;
  readonly downMs: number;
  readonly recoveredMs: number;
  readonly health: readonly HealthObservation[];
  /** readings PUBACKed while the fault lasted (the other broker serves; none while Kafka is away) */
  readonly ackedDuring: number;
  /** what ackedDuring must be: 'none' while no broker may acknowledge, 'some' while another serves, 'any' otherwise */
  readonly ackedExpected: 'none' | 'some' | 'any';
  readonly ok: boolean;
}

export interface PartResult {
  readonly machines: number;
  readonly readings: number;
  readonly acked: number;
  readonly resent: number;
  readonly reconnects: number;
  /** PUBACKed readings found on the bus (Kafka, or the PostgreSQL log in single-process mode) */
  readonly onBus: number;
  readonly missingOnBus: number;
  /** records of a reading beyond its first on the bus (device resends after a lost PUBACK) */
  readonly busDuplicates: number;
  /** machines whose analysis state equals the pure analyser's over the readings, each once and in order */
  readonly analysedExactlyOnce: number;
  readonly episodes: number;
  readonly workOrders: number;
  readonly missingWorkOrders: number;
  readonly duplicateWorkOrders: number;
  readonly ok: boolean;
}

export interface ChaosReport {
  readonly plan: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly services: PartResult | null;
  readonly singleProcess: PartResult | null;
  readonly faults: readonly FaultResult[];
  readonly ok: boolean;
}

const ADMIN_TOKEN = 'chaos-admin-token-0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** /health's status, or null when nothing answers. */
async function healthOf(p: ServiceProcess): Promise<number | null> {
  try {
    return (await fetch(`${p.url}/health`, { signal: AbortSignal.timeout(3000) })).status;
  } catch {
    return null;
  }
}

/** Polls /health until it says `expected` (or time is up); returns what it last said. */
async function awaitHealth(p: ServiceProcess, expected: number | null, timeoutMs: number): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  let seen = await healthOf(p);
  while (seen !== expected && Date.now() < deadline) {
    await sleep(250);
    seen = await healthOf(p);
  }
  return seen;
}

async function api(p: ServiceProcess, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${p.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`chaos: timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** The fault episodes of machine `i`: which component runs over its limit, and when (reading indexes). */
function episodesOf(i: number, count: number): Array<{ component: 'coolant' | 'hydraulic-oil'; from: number; to: number }> {
  const at = (f: number) => Math.floor(count * f);
  return i % 2 === 0
    ? [
        { component: 'coolant', from: at(0.15), to: at(0.15) + 40 },
        { component: 'hydraulic-oil', from: at(0.6), to: at(0.6) + 60 },
      ]
    : [{ component: 'hydraulic-oil', from: at(0.3), to: at(0.3) + 60 }];
}

function readingsOf(device: Device, i: number, count: number): MachineTelemetryV1[] {
  const episodes = episodesOf(i, count);
  return series(device, {
    count,
    seed: i + 1,
    values: (n) => {
      const on = (c: string) => episodes.some((e) => e.component === c && n >= e.from && n < e.to);
      return { coolantTempC: on('coolant') ? 108 : 88, hydraulicTempC: on('hydraulic-oil') ? 99 : 62 };
    },
  });
}

/** What the analysis state must be after every reading exactly once, in order: the pure analyser's. */
function pureState(readings: readonly MachineTelemetryV1[]): MachineState {
  const analyser = new MachineAnalyser();
  let state: MachineState | undefined;
  readings.forEach((r, i) => (state = analyser.analyse(state, r, { topic: 't', partition: 0, offset: String(i) }).state));
  return state!;
}

/** JSON with object keys sorted (jsonb keeps its own key order). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The parts of the state each reading moves (baselines are EWMAs: a reading counted twice shows). */
const fingerprintOf = (s: MachineState) => canonical({ lastSeq: s.lastSeq, lastTs: s.lastTs, engineHours: s.engineHours, util: s.util, baselines: s.baselines });

interface Verification {
  readonly onBus: (deviceId: string) => Promise<number[]>;
  readonly state: (deviceId: string) => Promise<MachineState | null>;
  readonly workOrders: (deviceId: string) => Promise<string[]>;
}

async function verifyPart(fleet: Fleet, v: Verification, log: (l: string) => void): Promise<PartResult> {
  let onBus = 0;
  let missing = 0;
  let dups = 0;
  let exactlyOnce = 0;
  let episodes = 0;
  let workOrders = 0;
  let missingWo = 0;
  let dupWo = 0;
  for (const m of fleet.machines) {
    const id = m.device.deviceId;
    const last = m.readings.at(-1)!.seq;
    const seqs = await until(`${id} on the bus`, async () => {
      const s = await v.onBus(id);
      return [...m.acked].every((q) => s.includes(q)) ? s : undefined;
    }, 120_000).catch(async () => v.onBus(id));
    const distinct = new Set(seqs);
    onBus += [...m.acked].filter((q) => distinct.has(q)).length;
    missing += [...m.acked].filter((q) => !distinct.has(q)).length;
    dups += seqs.length - distinct.size;
    const state = await until(`${id} analysed`, async () => {
      const s = await v.state(id);
      return s && s.lastSeq === last ? s : undefined;
    }, 120_000).catch(() => null);
    if (state && fingerprintOf(state) === fingerprintOf(pureState(m.readings))) exactlyOnce++;
    const expected = [...new Set(expectedFindings(m.readings).map((f) => f.component))].sort();
    // the readings hold exactly the planned episodes (what the pure analyser finds in them)
    const planned = [...new Set(episodesOf(fleet.machines.indexOf(m), m.readings.length).map((e) => e.component))].sort();
    if (canonical(planned) !== canonical(expected)) throw new Error(`chaos: ${id}'s readings find ${expected.join(', ')}, planned ${planned.join(', ')}`);
    episodes += expected.length;
    // work orders come after the findings' outbox relay: wait until they are all there, then look for extras
    const got = await until(`${id} work orders`, async () => {
      const w = await v.workOrders(id);
      return expected.every((c) => w.includes(c)) ? w : undefined;
    }, 120_000).catch(() => v.workOrders(id));
    workOrders += got.length;
    missingWo += expected.filter((c) => !got.includes(c)).length;
    dupWo += got.length - new Set(got).size + got.filter((c) => !expected.includes(c)).length;
  }
  const part: PartResult = {
    machines: fleet.machines.length,
    readings: fleet.total,
    acked: fleet.acked,
    resent: fleet.machines.reduce((n, m) => n + m.resent, 0),
    reconnects: fleet.machines.reduce((n, m) => n + m.reconnects, 0),
    onBus,
    missingOnBus: missing,
    busDuplicates: dups,
    analysedExactlyOnce: exactlyOnce,
    episodes,
    workOrders,
    missingWorkOrders: missingWo,
    duplicateWorkOrders: dupWo,
    ok: fleet.acked === fleet.total && missing === 0 && exactlyOnce === fleet.machines.length && missingWo === 0 && dupWo === 0,
  };
  log(`verified: ${JSON.stringify(part)}`);
  return part;
}

function workOrdersVia(maintenance: () => ServiceProcess): (id: string) => Promise<string[]> {
  return async (id) => {
    const { status, body } = await api(maintenance(), 'GET', `/work-orders?machineId=${encodeURIComponent(id)}&pageSize=200`);
    if (status !== 200) throw new Error(`work orders: ${status}`);
    return (body.items as Array<{ component: string }>).map((w) => w.component).sort();
  };
}

async function provision(p: ServiceProcess, n: number, prefix: string): Promise<Device[]> {
  const out: Device[] = [];
  for (let i = 0; i < n; i++) {
    const { status, body } = await api(p, 'POST', '/devices', { kind: 'machine', model: 'excavator-20t', deviceId: `${prefix}-m${i}`, site: 'chaos' });
    if (status !== 201) throw new Error(`provisioning: ${status} ${JSON.stringify(body)}`);
    out.push({ deviceId: body.deviceId as string, password: body.password as string, model: 'excavator-20t' });
  }
  return out;
}

/** The multi-service part: infrastructure, processes, fleet, faults, verification. */
async function runServices(plan: ChaosPlan, faults: FaultResult[]): Promise<PartResult> {
  const { log } = plan;
  const dir = resolve(plan.workDir, 'services');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pgPort = await freePort();
  const startPg = () => startEmbeddedPostgres({ dataDir: resolve(dir, 'postgres'), port: pgPort, persistent: true });
  const kafka = new KafkaBroker({ port: await freePort(), controllerPort: await freePort(), dataDir: resolve(dir, 'kafka') });
  log('starting PostgreSQL and Kafka');
  let pg: EmbeddedPostgresHandle | null = null;
  const procs: ServiceProcess[] = [];
  let collector: KafkaBus | null = null;
  let fleet: Fleet | null = null;
  const admin = { client: null as Client | null };
  try {
    [pg] = await Promise.all([startPg(), kafka.start()]);
    const setup = new Client({ connectionString: pg.url });
    await setup.connect();
    await setup.query('CREATE DATABASE chaos');
    await setup.end();
    const dbUrl = pg.url.replace(/\/postgres$/, '/chaos');
    const prefix = `chaos-${Date.now().toString(36)}-`;
    const common = {
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: dbUrl,
      API_TOKENS: `admin:${ADMIN_TOKEN}`,
      // every ingest-broker instance checks device secrets under the same key
      DEVICE_SECRET_KEY: randomBytes(32).toString('base64url'),
      // a killed consumer's partitions move on after 6 s, not 30
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      CONSUMER_STALLED_AFTER_MS: '120000',
    };
    const make = async (app: string, n: number, extra: (i: number) => Record<string, string> = () => ({})) => {
      const out: ServiceProcess[] = [];
      for (let i = 0; i < n; i++) {
        out.push(new ServiceProcess({ app, httpPort: await freePort(), startTimeoutMs: 120_000, env: { ...common, KAFKA_CLIENT_ID: `${app}-${i}`, ...extra(i) } }));
      }
      return out;
    };
    const mqttPorts = await Promise.all(Array.from({ length: plan.instances.ingest }, () => freePort()));
    const ingest = await make('ingest-broker', plan.instances.ingest, (i) => ({ MQTT_PORT: String(mqttPorts[i]), MQTT_WS_PORT: '0', INGEST_INSTANCE_ID: `ingest-${i}` }));
    const analysis = await make('operation-analysis', plan.instances.analysis);
    const maintenance = await make('maintenance', plan.instances.maintenance);
    procs.push(...ingest, ...analysis, ...maintenance);
    const kinds: Record<string, ServiceProcess[]> = { 'ingest-broker': ingest, 'operation-analysis': analysis, maintenance };
    const name = (p: ServiceProcess) => `${p.app}#${kinds[p.app]!.indexOf(p)}`;
    log(`starting ${procs.length} service processes`);
    // one at a time: each compiles its sources on start, and the machine is shared
    for (const p of procs) await p.start();
    for (const p of procs) if ((await awaitHealth(p, 200, 120_000)) !== 200) throw new Error(`${name(p)} not ready:\n${p.output()}`);

    const devices = await provision(ingest[0]!, plan.machines, prefix.replace(/-$/, ''));
    const brokers = () => ingest.filter((p) => p.running).map((p) => `mqtt://127.0.0.1:${mqttPorts[ingest.indexOf(p)]}`);
    const allBrokers = () => (brokers().length > 0 ? brokers() : mqttPorts.map((port) => `mqtt://127.0.0.1:${port}`));
    fleet = new Fleet(devices.map((d, i) => new MachinePublisher(d, readingsOf(d, i, plan.readingsPerMachine), allBrokers, plan.fleet)));
    fleet.start();
    log(`fleet: ${plan.machines} machines × ${plan.readingsPerMachine} readings`);
    const f = fleet;

    const settle = async () => {
      const before = f.acked;
      await sleep(plan.settleMs);
      // traffic flows again before the next fault (unless the fleet is done)
      await until('traffic after recovery', async () => (f.acked > before || f.machines.every((m) => m.done) ? true : undefined), 60_000);
    };
    const observe = async (expect: Array<[ServiceProcess, number | null]>): Promise<HealthObservation[]> =>
      Promise.all(
        expect.map(async ([p, expected]) => {
          const observed = await awaitHealth(p, expected, 60_000);
          if (observed !== expected) log(`${name(p)}: /health ${observed ?? 'no answer'}, expected ${expected ?? 'no answer'}; its last lines:\n${p.output()}`);
          return { service: name(p), expected, observed, ok: observed === expected };
        }),
      );
    const recover = async (): Promise<HealthObservation[]> => observe(procs.map((p) => [p, 200]));

    for (const fault of plan.faults) {
      await settle();
      const t0 = Date.now();
      let health: HealthObservation[] = [];
      let ackedDuring = 0;
      let ackedExpected: FaultResult['ackedExpected'] = 'any';
      let target = '';
      let downAt = 0;
      if (fault === 'kill-ingest-broker' || fault === 'kill-operation-analysis' || fault === 'kill-maintenance') {
        const kind = fault.replace('kill-', '');
        const group = kinds[kind]!;
        // the first instance of the kind that has not been killed yet, else the first
        const victim = group[faults.filter((r) => r.fault === fault).length % group.length]!;
        target = name(victim);
        log(`fault: SIGKILL ${target}`);
        await victim.kill('SIGKILL');
        downAt = Date.now();
        const acked0 = f.acked;
        health = await observe([[victim, null], ...group.filter((p) => p !== victim).map((p): [ServiceProcess, number] => [p, 200])]);
        if (kind === 'ingest-broker' && group.length > 1 && !f.machines.every((m) => m.done)) {
          ackedExpected = 'some';
          await until('PUBACKs from the other broker', async () => (f.acked > acked0 + plan.fleet.window ? true : undefined), 60_000).catch(() => undefined);
        } else {
          await sleep(1000);
        }
        ackedDuring = f.acked - acked0;
        await victim.start();
      } else if (fault === 'kafka-stop-start') {
        target = 'kafka';
        log('fault: Kafka stopped');
        await kafka.stop();
        downAt = Date.now();
        // every service's readiness must say so (the bus probe is critical)
        health = await observe(procs.map((p) => [p, 503]));
        const acked0 = f.acked;
        await sleep(plan.outageMs);
        ackedDuring = f.acked - acked0;
        ackedExpected = 'none';
        log('Kafka started again');
        await kafka.start();
      } else if (fault === 'postgres-restart') {
        target = 'postgresql';
        log('fault: PostgreSQL stopped');
        await pg!.stop();
        pg = null;
        downAt = Date.now();
        // consumers and record systems cannot work (critical); the broker keeps serving connected devices (degraded: 200)
        health = await observe([...ingest.map((p): [ServiceProcess, number] => [p, 200]), ...analysis.map((p): [ServiceProcess, number] => [p, 503]), ...maintenance.map((p): [ServiceProcess, number] => [p, 503])]);
        const acked0 = f.acked;
        await sleep(plan.outageMs);
        ackedDuring = f.acked - acked0;
        // connected devices keep publishing: readings need Kafka, not the registry
        ackedExpected = f.machines.every((m) => m.done) ? 'any' : 'some';
        log('PostgreSQL started again');
        pg = await startPg();
      }
      const downMs = Date.now() - downAt;
      const after = await recover();
      const recoveredMs = Date.now() - t0;
      const ackOk = ackedExpected === 'none' ? ackedDuring === 0 : ackedExpected === 'some' ? ackedDuring > 0 : true;
      const result: FaultResult = {
        fault,
        target,
        downMs,
        recoveredMs,
        health: [...health, ...after.map((h) => ({ ...h, service: `${h.service} after` }))],
        ackedDuring,
        ackedExpected,
        ok: health.every((h) => h.ok) && after.every((h) => h.ok) && ackOk,
      };
      faults.push(result);
      log(`fault ${fault} (${target}): ${result.ok ? 'ok' : 'FAILED'} in ${recoveredMs} ms; acked ${f.acked}/${f.total}`);
    }

    log('fleet: publishing the rest');
    await Promise.race([f.finish(), sleep(600_000).then(() => f.stop())]);
    log(`fleet done: ${f.acked}/${f.total} PUBACKed`);

    collector = new KafkaBus({ brokers: kafka.brokers, clientId: 'chaos-collector', topicPrefix: prefix, partitions: 3, replicationFactor: 1, sessionTimeoutMs: 6000 });
    const seen = new Map<string, number[]>();
    const sub = await collector.subscribe({
      groupId: `chaos-collector-${Date.now()}`,
      topics: [TOPICS.machineTelemetry],
      fromBeginning: true,
      handleBatch: async (batch) => {
        for (const m of batch.messages as IncomingMessage[]) {
          const r = JSON.parse(m.value.toString('utf8')) as MachineTelemetryV1;
          seen.set(r.deviceId, [...(seen.get(r.deviceId) ?? []), r.seq]);
        }
      },
    });
    admin.client = new Client({ connectionString: dbUrl });
    await admin.client.connect();
    const db = admin.client;
    const part = await verifyPart(
      f,
      {
        onBus: async (id) => seen.get(id) ?? [],
        state: async (id) => (await db.query(`SELECT state FROM operation_analysis.machine_states WHERE machine_id = $1`, [id])).rows[0]?.state ?? null,
        workOrders: workOrdersVia(() => maintenance[0]!),
      },
      log,
    );
    await sub.stop();
    return part;
  } finally {
    fleet?.stop();
    await admin.client?.end().catch(() => undefined);
    await collector?.close().catch(() => undefined);
    await Promise.all(procs.map((p) => p.kill('SIGTERM').catch(() => undefined)));
    await kafka.stop().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The single-process mode (`npm start`: embedded PostgreSQL, durable bus) killed mid-stream and started again. */
async function runSingleProcess(plan: ChaosPlan, spec: NonNullable<ChaosPlan['singleProcess']>, faults: FaultResult[]): Promise<PartResult> {
  const { log } = plan;
  const dir = resolve(plan.workDir, 'single');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pgPort = await freePort();
  const mqttPort = await freePort();
  const platform = new ServiceProcess({
    app: 'platform',
    httpPort: await freePort(),
    group: true,
    startTimeoutMs: 180_000,
    env: { DATA_DIR: dir, EMBEDDED_PG_PORT: String(pgPort), MQTT_PORT: String(mqttPort), MQTT_WS_PORT: '0', API_TOKENS: `admin:${ADMIN_TOKEN}` },
  });
  let fleet: Fleet | null = null;
  let db: Client | null = null;
  try {
    log('single process: starting');
    await platform.start();
    if ((await awaitHealth(platform, 200, 120_000)) !== 200) throw new Error(`single process not ready:\n${platform.output()}`);
    const devices = await provision(platform, spec.machines, `solo${Date.now().toString(36)}`);
    fleet = new Fleet(devices.map((d, i) => new MachinePublisher(d, readingsOf(d, i, spec.readingsPerMachine), () => [`mqtt://127.0.0.1:${mqttPort}`], plan.fleet)));
    fleet.start();
    const f = fleet;
    await until('readings before the kill', async () => (f.acked >= f.total * 0.35 ? true : undefined), 120_000);
    const t0 = Date.now();
    log('fault: SIGKILL the single process (with its embedded PostgreSQL)');
    await platform.kill('SIGKILL');
    const acked0 = f.acked;
    const health = [{ service: 'platform', expected: null, observed: await healthOf(platform), ok: false }];
    health[0]!.ok = health[0]!.observed === null;
    await sleep(1000);
    const ackedDuring = f.acked - acked0;
    await platform.start();
    const observed = await awaitHealth(platform, 200, 120_000);
    const downMs = Date.now() - t0;
    const result: FaultResult = {
      fault: 'single-process-restart',
      target: 'platform',
      downMs,
      recoveredMs: Date.now() - t0,
      health: [...health, { service: 'platform after', expected: 200, observed, ok: observed === 200 }],
      ackedDuring,
      ackedExpected: 'none',
      ok: health[0]!.ok && observed === 200 && ackedDuring === 0,
    };
    faults.push(result);
    log(`fault single-process-restart: ${result.ok ? 'ok' : 'FAILED'} in ${result.recoveredMs} ms`);
    await Promise.race([f.finish(), sleep(300_000).then(() => f.stop())]);
    log(`single process fleet done: ${f.acked}/${f.total} PUBACKed`);
    db = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres` });
    await db.connect();
    const c = db;
    return await verifyPart(
      f,
      {
        onBus: async (id) =>
          (
            await c.query<{ seq: number }>(
              `SELECT (convert_from(value, 'UTF8')::jsonb->>'seq')::int AS seq FROM bus.records WHERE topic = $1 AND key = $2 ORDER BY partition, "offset"`,
              [TOPICS.machineTelemetry, id],
            )
          ).rows.map((r) => r.seq),
        state: async (id) => (await c.query(`SELECT state FROM operation_analysis.machine_states WHERE machine_id = $1`, [id])).rows[0]?.state ?? null,
        workOrders: workOrdersVia(() => platform),
      },
      log,
    );
  } finally {
    fleet?.stop();
    await db?.end().catch(() => undefined);
    await platform.kill('SIGTERM').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runChaos(plan: ChaosPlan): Promise<ChaosReport> {
  const started = Date.now();
  const faults: FaultResult[] = [];
  let services: PartResult | null;
  let singleProcess: PartResult | null;
  try {
    services = plan.faults.length > 0 || plan.machines > 0 ? await runServices(plan, faults) : null;
    singleProcess = plan.singleProcess ? await runSingleProcess(plan, plan.singleProcess, faults) : null;
  } finally {
    rmSync(plan.workDir, { recursive: true, force: true });
  }
  return {
    plan: plan.name,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    services,
    singleProcess,
    faults,
    ok: (services?.ok ?? true) && (singleProcess?.ok ?? true) && faults.every((f) => f.ok),
  };
}

/** The report as text: one row per fault (with what /health said), then the proof from the records. */
export function formatReport(r: ChaosReport): string {
  const lines: string[] = [];
  const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  lines.push(`chaos ${r.plan}: ${r.ok ? 'OK' : 'FAILED'} in ${Math.round(r.durationMs / 1000)} s`, '');
  lines.push(row(['fault', 'target', 'down ms', 'recovered ms', 'PUBACKs during (expected)', '/health during: expected → observed', 'ok']));
  lines.push(row(['---', '---', '---', '---', '---', '---', '---']));
  for (const f of r.faults) {
    const during = f.health.filter((h) => !h.service.endsWith(' after'));
    const truth = during.map((h) => `${h.service} ${h.expected ?? 'none'}→${h.observed ?? 'none'}`).join(', ');
    lines.push(row([f.fault, f.target, f.downMs, f.recoveredMs, `${f.ackedDuring} (${f.ackedExpected})`, truth, f.ok ? 'yes' : 'NO']));
  }
  lines.push('');
  lines.push(row(['mode', 'machines', 'readings', 'PUBACKed', 'on the bus', 'missing', 'bus duplicates', 'resent', 'analysed exactly once', 'episodes', 'work orders', 'missing', 'duplicate', 'ok']));
  lines.push(row(['---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---']));
  for (const [mode, p] of [['separate services', r.services], ['single process', r.singleProcess]] as const) {
    if (!p) continue;
    lines.push(row([mode, p.machines, p.readings, p.acked, p.onBus, p.missingOnBus, p.busDuplicates, p.resent, `${p.analysedExactlyOnce}/${p.machines}`, p.episodes, p.workOrders, p.missingWorkOrders, p.duplicateWorkOrders, p.ok ? 'yes' : 'NO']));
  }
  return lines.join('\n');
}
