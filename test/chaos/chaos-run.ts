/* eslint-disable max-lines -- the whole chaos plan in one file (processes, faults in order, the checks called from the records), so a reader follows one run from start to verdict; the pairs' pieces live beside it (chaos-machines, -vehicles, -tweets, -history) */
/**
 * The chaos suite (issue 14): the platform as separate service processes on a real
 * Kafka and a real PostgreSQL of its own (both loopback), two ingest brokers and two
 * instances of each analysis consumer group, fleets of machines and vehicles
 * publishing known reading sequences with known fault episodes and a tweet source
 * posting known delay and ticker episodes; meanwhile each kind of service is killed
 * with SIGKILL and started again, Kafka is stopped and started, PostgreSQL is
 * restarted, and the single-process mode is killed and restarted. At the end the
 * records must show: every PUBACKed reading (every accepted tweet) reached the bus
 * and was analysed exactly once, every episode produced exactly one system-of-record
 * entry (work order, case, disruption, paper order), telemetry history holds every
 * reading once, and `/health` told the truth during each outage.
 *
 * Used by `npm run chaos` (scripts/chaos.ts: the full plan, a JSON report) and by the
 * short version inside `npm test` (test/chaos/chaos.e2e-spec.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { TOPICS } from '@tsunagu/contracts';
import { KafkaBus, type IncomingMessage } from '@tsunagu/platform';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../libs/platform/src/database/embedded-postgres';
import { KafkaBroker, freePort } from '../support/kafka-broker';
import { ServiceProcess } from '../support/service-process';
import { Fleet, type FleetOptions } from './chaos-fleet';
import { verifyHistory, type HistoryResult } from './chaos-history';
import { machineChecks, machinePublishers, provisionDevices, type MachinePublisher } from './chaos-machines';
import { ADMIN_TOKEN, awaitHealth, healthOf, sleep, until } from './chaos-probes';
import type { ChaosReport, FaultResult, HealthObservation } from './chaos-report';
import { TweetSource, type TweetPlan, type TweetResult } from './chaos-tweets';
import { vehicleChecks, vehiclePublishers, VEHICLE_MODEL } from './chaos-vehicles';
import { verifyPart, type PartResult } from './chaos-verify';

export { formatReport, type ChaosReport } from './chaos-report';

/** The services of the multi-service part, in start order (a consumer group's instances share one kind). */
export const SERVICE_APPS = [
  'ingest-broker',
  'operation-analysis',
  'maintenance',
  'vehicle-monitoring',
  'call-centre',
  'tweet-analysis',
  'dispatch',
  'market-sentiment',
  'trading',
  'telemetry-history',
] as const;
export type ServiceApp = (typeof SERVICE_APPS)[number];
export type ServiceFault = `kill-${ServiceApp}` | 'kafka-stop-start' | 'postgres-restart';
export type FaultKind = ServiceFault | 'single-process-restart';
export const FAULT_KINDS: readonly FaultKind[] = [...SERVICE_APPS.map((a) => `kill-${a}` as const), 'kafka-stop-start', 'postgres-restart', 'single-process-restart'];

export interface ChaosPlan {
  readonly name: string;
  readonly machines: number;
  readonly readingsPerMachine: number;
  /** pair 2 (needs vehicle-monitoring and call-centre instances); null: machines only */
  readonly vehicles: { readonly count: number; readonly readingsPerVehicle: number } | null;
  /** pairs 3 and 4 over the brokers' tweet door (needs tweet-analysis, dispatch, market-sentiment, trading) */
  readonly tweets: TweetPlan | null;
  readonly fleet: FleetOptions;
  /** instances per service; absent: not started (telemetry-history present: every reading is checked there too) */
  readonly instances: { readonly 'ingest-broker': number } & Partial<Record<ServiceApp, number>>;
  /** the faults of the multi-service part, in order (single-process-restart runs after it) */
  readonly faults: readonly ServiceFault[];
  /** ms Kafka or PostgreSQL stays down once every service has said so */
  readonly outageMs: number;
  /** ms of traffic between two faults */
  readonly settleMs: number;
  readonly singleProcess: { readonly machines: number; readonly readingsPerMachine: number } | null;
  readonly workDir: string;
  readonly log: (line: string) => void;
}

/** Services each part needs. */
const NEEDS: Record<'vehicles' | 'tweets', readonly ServiceApp[]> = {
  vehicles: ['vehicle-monitoring', 'call-centre'],
  tweets: ['tweet-analysis', 'dispatch', 'market-sentiment', 'trading'],
};

interface ServicesResult {
  machines: PartResult;
  vehicles: PartResult | null;
  tweets: TweetResult | null;
  history: HistoryResult | null;
}

/** The multi-service part: infrastructure, processes, fleets and tweets, faults, verification. */
async function runServices(plan: ChaosPlan, faults: FaultResult[]): Promise<ServicesResult> {
  const { log } = plan;
  for (const [part, apps] of Object.entries(NEEDS)) {
    if (plan[part as keyof typeof NEEDS] && apps.some((a) => !plan.instances[a])) throw new Error(`chaos: plan ${plan.name} has ${part} but not every one of ${apps.join(', ')}`);
  }
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
  const fleets: Fleet[] = [];
  let tweets: TweetSource | null = null;
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
    const mqttPorts = await Promise.all(Array.from({ length: plan.instances['ingest-broker'] }, () => freePort()));
    const extra = (app: ServiceApp, i: number): Record<string, string> =>
      app === 'ingest-broker' ? { MQTT_PORT: String(mqttPorts[i]), MQTT_WS_PORT: '0', INGEST_INSTANCE_ID: `ingest-${i}` } : {};
    const kinds = {} as Record<ServiceApp, ServiceProcess[]>;
    for (const app of SERVICE_APPS) {
      kinds[app] = [];
      for (let i = 0; i < (plan.instances[app] ?? 0); i++) {
        kinds[app].push(new ServiceProcess({ app, httpPort: await freePort(), startTimeoutMs: 180_000, env: { ...common, KAFKA_CLIENT_ID: `${app}-${i}`, ...extra(app, i) } }));
      }
      procs.push(...kinds[app]);
    }
    const name = (p: ServiceProcess) => `${p.app}#${kinds[p.app as ServiceApp].indexOf(p)}`;
    /** the first running instance of a kind (the first when none runs) */
    const live = (app: ServiceApp) => () => kinds[app].find((p) => p.running) ?? kinds[app][0]!;
    log(`starting ${procs.length} service processes`);
    // three at a time: each compiles its sources on start, and the machine is shared
    for (let i = 0; i < procs.length; i += 3) await Promise.all(procs.slice(i, i + 3).map((p) => p.start()));
    for (const p of procs) if ((await awaitHealth(p, 200, 180_000)) !== 200) throw new Error(`${name(p)} not ready:\n${p.output()}`);
    log('every service ready');

    const ingest = kinds['ingest-broker'];
    const brokers = () => ingest.filter((p) => p.running).map((p) => `mqtt://127.0.0.1:${mqttPorts[ingest.indexOf(p)]}`);
    const allBrokers = () => (brokers().length > 0 ? brokers() : mqttPorts.map((port) => `mqtt://127.0.0.1:${port}`));
    const tag = prefix.replace(/-$/, '');
    const machines = machinePublishers(await provisionDevices(ingest[0]!, plan.machines, tag, 'machine', 'excavator-20t'), plan.readingsPerMachine, allBrokers, plan.fleet);
    const machineFleet = new Fleet(machines);
    fleets.push(machineFleet);
    const vehicles = plan.vehicles
      ? vehiclePublishers(await provisionDevices(ingest[0]!, plan.vehicles.count, tag, 'vehicle', VEHICLE_MODEL), plan.vehicles.readingsPerVehicle, allBrokers, plan.fleet)
      : [];
    const vehicleFleet = plan.vehicles ? new Fleet(vehicles) : null;
    if (vehicleFleet) fleets.push(vehicleFleet);
    for (const f of fleets) f.start();
    log(`fleet: ${plan.machines} machines × ${plan.readingsPerMachine} readings${plan.vehicles ? `, ${plan.vehicles.count} vehicles × ${plan.vehicles.readingsPerVehicle}` : ''}`);
    if (plan.tweets) {
      const services = { brokers: () => ingest.filter((p) => p.running), dispatch: live('dispatch'), trading: live('trading'), sentiment: live('market-sentiment') };
      tweets = new TweetSource(plan.tweets, services, log);
      tweets.start();
      log(`tweets: ${plan.tweets.transitEpisodes} delay episodes, ${plan.tweets.marketEpisodes} ticker episodes (${tweets.total} tweets)`);
    }
    const acked = () => fleets.reduce((n, f) => n + f.acked, 0);
    const done = () => fleets.every((f) => f.devices.every((m) => m.done));

    const settle = async () => {
      const before = acked();
      await sleep(plan.settleMs);
      // traffic flows again before the next fault (unless the fleets are done)
      await until('traffic after recovery', async () => (acked() > before || done() ? true : undefined), 60_000);
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
      if (fault.startsWith('kill-')) {
        const kind = fault.slice('kill-'.length) as ServiceApp;
        const group = kinds[kind];
        if (group.length === 0) throw new Error(`chaos: plan ${plan.name} kills ${kind}, which it does not start`);
        // the first instance of the kind that has not been killed yet, else the first
        const victim = group[faults.filter((r) => r.fault === fault).length % group.length]!;
        target = name(victim);
        log(`fault: SIGKILL ${target}`);
        await victim.kill('SIGKILL');
        downAt = Date.now();
        const acked0 = acked();
        health = await observe([[victim, null], ...group.filter((p) => p !== victim).map((p): [ServiceProcess, number] => [p, 200])]);
        if (kind === 'ingest-broker' && group.length > 1 && !done()) {
          ackedExpected = 'some';
          await until('PUBACKs from the other broker', async () => (acked() > acked0 + plan.fleet.window ? true : undefined), 60_000).catch(() => undefined);
        } else {
          await sleep(1000);
        }
        ackedDuring = acked() - acked0;
        await victim.start();
      } else if (fault === 'kafka-stop-start') {
        target = 'kafka';
        log('fault: Kafka stopped');
        await kafka.stop();
        downAt = Date.now();
        // every service's readiness must say so (the bus probe is critical)
        health = await observe(procs.map((p) => [p, 503]));
        const acked0 = acked();
        await sleep(plan.outageMs);
        ackedDuring = acked() - acked0;
        ackedExpected = 'none';
        log('Kafka started again');
        await kafka.start();
      } else {
        target = 'postgresql';
        log('fault: PostgreSQL stopped');
        await pg!.stop();
        pg = null;
        downAt = Date.now();
        // consumers and record systems cannot work (critical); the brokers keep serving connected devices (degraded: 200)
        health = await observe(procs.map((p) => [p, p.app === 'ingest-broker' ? 200 : 503]));
        const acked0 = acked();
        await sleep(plan.outageMs);
        ackedDuring = acked() - acked0;
        // connected devices keep publishing: readings need Kafka, not the registry
        ackedExpected = done() ? 'any' : 'some';
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
      const total = fleets.reduce((n, f) => n + f.total, 0);
      log(`fault ${fault} (${target}): ${result.ok ? 'ok' : 'FAILED'} in ${recoveredMs} ms; acked ${acked()}/${total}${tweets ? `, tweets accepted ${tweets.accepted.size}/${tweets.total}` : ''}`);
    }

    log('fleets: publishing the rest');
    await Promise.race([Promise.all([...fleets.map((f) => f.finish()), tweets?.finish()]), sleep(600_000).then(() => (fleets.forEach((f) => f.stop()), tweets?.stop()))]);
    log(`fleets done: ${acked()} PUBACKed${tweets ? `, ${tweets.accepted.size}/${tweets.total} tweets accepted` : ''}`);

    collector = new KafkaBus({ brokers: kafka.brokers, clientId: 'chaos-collector', topicPrefix: prefix, partitions: 3, replicationFactor: 1, sessionTimeoutMs: 6000 });
    const seen = new Map<string, number[]>();
    const tweetIds: string[] = [];
    const sub = await collector.subscribe({
      groupId: `chaos-collector-${Date.now()}`,
      topics: [TOPICS.machineTelemetry, ...(plan.vehicles ? [TOPICS.vehicleTelemetry] : []), ...(plan.tweets ? [TOPICS.tweets] : [])],
      fromBeginning: true,
      handleBatch: async (batch) => {
        for (const m of batch.messages as IncomingMessage[]) {
          const r = JSON.parse(m.value.toString('utf8')) as { deviceId?: string; seq?: number; id?: string };
          if (r.deviceId !== undefined) seen.set(r.deviceId, [...(seen.get(r.deviceId) ?? []), r.seq!]);
          else if (r.id !== undefined) tweetIds.push(r.id);
        }
      },
    });
    admin.client = new Client({ connectionString: dbUrl });
    await admin.client.connect();
    const db = admin.client;
    const onBus = async (id: string) => seen.get(id) ?? [];
    const result: ServicesResult = {
      machines: await verifyPart('machines', machineFleet, { onBus, ...machineChecks(db, live('maintenance'), (m) => machines.indexOf(m)) }, log),
      vehicles: vehicleFleet ? await verifyPart('vehicles', vehicleFleet, { onBus, ...vehicleChecks(db, live('call-centre'), (m) => vehicles.indexOf(m)) }, log) : null,
      history: plan.instances['telemetry-history'] ? await verifyHistory(fleets, db, log) : null,
      tweets: tweets ? await tweets.verify(() => tweetIds, log) : null,
    };
    await sub.stop();
    return result;
  } finally {
    fleets.forEach((f) => f.stop());
    tweets?.stop();
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
  let fleet: Fleet<MachinePublisher> | null = null;
  let db: Client | null = null;
  try {
    log('single process: starting');
    await platform.start();
    if ((await awaitHealth(platform, 200, 120_000)) !== 200) throw new Error(`single process not ready:\n${platform.output()}`);
    const devices = await provisionDevices(platform, spec.machines, `solo${Date.now().toString(36)}`, 'machine', 'excavator-20t');
    const machines = machinePublishers(devices, spec.readingsPerMachine, () => [`mqtt://127.0.0.1:${mqttPort}`], plan.fleet);
    fleet = new Fleet(machines);
    fleet.start();
    const f = fleet;
    await until('readings before the kill', async () => (f.acked >= f.total * 0.35 ? true : undefined), 120_000);
    const t0 = Date.now();
    log('fault: SIGKILL the single process (with its embedded PostgreSQL)');
    await platform.kill('SIGKILL');
    const acked0 = f.acked;
    const gone = await healthOf(platform);
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
      health: [
        { service: 'platform', expected: null, observed: gone, ok: gone === null },
        { service: 'platform after', expected: 200, observed, ok: observed === 200 },
      ],
      ackedDuring,
      ackedExpected: 'none',
      ok: gone === null && observed === 200 && ackedDuring === 0,
    };
    faults.push(result);
    log(`fault single-process-restart: ${result.ok ? 'ok' : 'FAILED'} in ${result.recoveredMs} ms`);
    await Promise.race([f.finish(), sleep(300_000).then(() => f.stop())]);
    log(`single process fleet done: ${f.acked}/${f.total} PUBACKed`);
    db = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres` });
    await db.connect();
    const c = db;
    return await verifyPart(
      'single process',
      f,
      {
        onBus: async (id) =>
          (
            await c.query<{ seq: number }>(
              `SELECT (convert_from(value, 'UTF8')::jsonb->>'seq')::int AS seq FROM bus.records WHERE topic = $1 AND key = $2 ORDER BY partition, "offset"`,
              [TOPICS.machineTelemetry, id],
            )
          ).rows.map((r) => r.seq),
        ...machineChecks(c, () => platform, (m) => machines.indexOf(m)),
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
  let services: ServicesResult | null;
  let singleProcess: PartResult | null;
  try {
    services = plan.faults.length > 0 || plan.machines > 0 ? await runServices(plan, faults) : null;
    singleProcess = plan.singleProcess ? await runSingleProcess(plan, plan.singleProcess, faults) : null;
  } finally {
    rmSync(plan.workDir, { recursive: true, force: true });
  }
  const parts = [services?.machines, services?.vehicles, services?.tweets, services?.history, singleProcess];
  return {
    plan: plan.name,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    services: services?.machines ?? null,
    vehicles: services?.vehicles ?? null,
    tweets: services?.tweets ?? null,
    history: services?.history ?? null,
    singleProcess,
    faults,
    ok: parts.every((p) => p?.ok ?? true) && faults.every((f) => f.ok),
  };
}
