/**
 * Vehicle-analysis benchmark: readings analysed per second on ONE core (the main
 * thread) by the pure detectors of @tsunagu/vehicle-monitoring: crash, harsh
 * driving per trip, diagnostic codes, overheating, battery, availability. A fleet
 * of vehicles drives interleaved trips with events mixed in (hard braking,
 * codes, overheating, a crash now and then), as the consumer sees them.
 * Prints two figures: analysis alone, and parse + schema validation + analysis
 * (what the consumer does per Kafka record before the database). With
 * BENCH_SERVICE=1 a third: the monitoring service's batch path as the kernel runs
 * it (decode and validation, one transaction per batch holding the kernel's offset,
 * the state load and bulk save and the outbox, in an embedded PostgreSQL on the same
 * machine; the outbox relayed to the in-process bus, included in the time).
 *
 *   npx tsx bench/vehicle-analysis.bench.ts
 *   BENCH_SERVICE=1 npx tsx bench/vehicle-analysis.bench.ts
 *   BENCH_VEHICLES=2000 BENCH_READINGS=300 BENCH_ROUNDS=5 npx tsx bench/vehicle-analysis.bench.ts
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { parseJson, TOPICS, vehicleTelemetryV1Schema, type VehicleTelemetryV1 } from '@tsunagu/contracts';
import { Metrics, partitionOf, setLogLevel, SYSTEM_CLOCK, type AlarmRulesService, type IncomingMessage } from '@tsunagu/platform';
import { seededRandom } from '@tsunagu/operation-analysis';
import { analyseReading, DEFAULT_VEHICLE_ANALYSIS_CONFIG, vehicleRuleBook, type VehicleMonitorState } from '@tsunagu/vehicle-monitoring';
import { TelemetryConsumer, VEHICLE_MONITORING_SERVICE as SERVICE, VehicleMonitoringRepository, VehicleMonitoringService } from '@apps/vehicle-monitoring';
import { benchDatabase } from './support/bench-database';
import { benchConsumerPath } from './support/bench-service';

const VEHICLES = Number(process.env.BENCH_VEHICLES ?? 1000);
const READINGS = Number(process.env.BENCH_READINGS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const T0 = 1_764_403_200_000;

function fleetReadings(): VehicleTelemetryV1[] {
  const random = seededRandom(42);
  const out: VehicleTelemetryV1[] = [];
  for (let i = 0; i < READINGS; i++) {
    for (let v = 0; v < VEHICLES; v++) {
      const tripPhase = i % 100; // trips of ~90 s with a 10 s stop
      const ignition = tripPhase < 90;
      const r = random();
      out.push({
        deviceId: `veh-${v}`,
        model: 'van-2t',
        receivedAt: T0 + i * 1000,
        seq: i,
        ts: T0 + i * 1000 + v,
        type: 'periodic',
        ignition,
        speedKmh: ignition ? (r < 0.02 ? 130 : 40 + 30 * random()) : 0,
        rpm: ignition ? 1800 + 800 * random() : 0,
        coolantTempC: v % 50 === 0 && i > 40 && i < 120 ? 115 : 88 + 4 * random(),
        batteryV: ignition ? (v % 40 === 0 ? 12.2 : 14 + 0.3 * random()) : 12.6,
        fuelLevelPct: 60,
        odometerKm: 40_000 + i * 0.012,
        accel: {
          x: r < 0.01 ? -0.6 : r < 0.015 ? 0.45 : v % 500 === 0 && i === 77 ? -7 : 0.1 * (random() - 0.5),
          y: r > 0.99 ? 0.55 : 0.1 * (random() - 0.5),
          z: 0.05 * (random() - 0.5),
        },
        airbagDeployed: false,
        dtcs: v % 10 === 0 && i > 20 ? ['P0300'] : v % 25 === 0 && i > 60 ? ['P0562', 'P0420'] : [],
        position: { lat: 35.6 + (v % 100) * 0.001 + i * 0.00005, lon: 139.7 + Math.floor(v / 100) * 0.001 },
        headingDeg: (v * 7) % 360,
      });
    }
  }
  return out;
}

function analyseAll(readings: readonly VehicleTelemetryV1[]): { incidents: number; states: number } {
  const states = new Map<string, VehicleMonitorState>();
  let incidents = 0;
  let published = 0;
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i]!;
    const step = analyseReading(states.get(r.deviceId) ?? null, r, { topic: TOPICS.vehicleTelemetry, partition: 0, offset: String(i) });
    states.set(r.deviceId, step.state);
    incidents += step.incidents.length;
    if (step.vehicleState) published++;
  }
  return { incidents, states: published };
}

function parseAndAnalyseAll(raw: readonly Buffer[]): number {
  const states = new Map<string, VehicleMonitorState>();
  let incidents = 0;
  for (let i = 0; i < raw.length; i++) {
    const parsed = parseJson(vehicleTelemetryV1Schema, raw[i]!);
    if (!parsed.ok) throw new Error(parsed.detail);
    const r = parsed.value;
    const step = analyseReading(states.get(r.deviceId) ?? null, r, { topic: TOPICS.vehicleTelemetry, partition: 0, offset: String(i) });
    states.set(r.deviceId, step.state);
    incidents += step.incidents.length;
  }
  return incidents;
}

function measure(label: string, count: number, fn: () => unknown): number {
  fn(); // warm-up: JIT and inline caches
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    fn();
    rates.push(count / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)]!;
  console.log(
    `${label.padEnd(36)} ${Math.round(median).toLocaleString('en-US').padStart(12)} readings/s/core (median of ${ROUNDS}; min ${Math.round(rates[0]!).toLocaleString('en-US')}, max ${Math.round(rates[rates.length - 1]!).toLocaleString('en-US')})`,
  );
  return median;
}

const PARTITIONS = 3;
const BATCH = Number(process.env.BENCH_BATCH ?? 500);

/** The service's batch path as the kernel runs it, against a real (embedded) PostgreSQL: one pass over the fleet. */
async function serviceFigure(readings: readonly VehicleTelemetryV1[]): Promise<void> {
  setLogLevel('warn');
  const pg = await benchDatabase(() => undefined);
  const metrics = new Metrics('bench', { defaults: false });
  const options = { offlineAfterMs: 300_000, offlineSweepMs: 30_000, analysis: DEFAULT_VEHICLE_ANALYSIS_CONFIG, rulesPollMs: 5000 };
  // no operator overrides in the benchmark: the configured thresholds judge every reading
  const noOverrides = { ready: async () => undefined } as unknown as AlarmRulesService;
  const { bus, db, close } = await benchConsumerPath(
    SERVICE,
    pg.url,
    (db) => new TelemetryConsumer(new VehicleMonitoringService(new VehicleMonitoringRepository(db), db, options, SYSTEM_CLOCK, metrics, vehicleRuleBook(options.analysis), noOverrides)),
    { partitions: PARTITIONS, metrics },
  );
  try {
    db.outbox.start();
    // records as the consumer receives them: per partition, in offset order, in batches
    const perPartition: IncomingMessage[][] = Array.from({ length: PARTITIONS }, () => []);
    for (const r of readings) {
      const p = partitionOf(r.deviceId, PARTITIONS);
      const log = perPartition[p]!;
      log.push({ topic: TOPICS.vehicleTelemetry, partition: p, offset: String(log.length), key: r.deviceId, value: Buffer.from(JSON.stringify(r)), headers: {}, timestamp: r.ts });
    }
    const start = performance.now();
    for (let from = 0; ; from += BATCH) {
      const batches = perPartition.map((log, partition) => ({ topic: TOPICS.vehicleTelemetry, partition, messages: log.slice(from, from + BATCH) })).filter((b) => b.messages.length > 0);
      if (batches.length === 0) break;
      for (const batch of batches) await bus.handle!(batch);
    }
    await db.outbox.drain();
    const rate = readings.length / ((performance.now() - start) / 1000);
    const [stored] = await db.query<{ n: number }>(`SELECT COALESCE(sum("offset" + 1), 0)::int AS n FROM ${SERVICE.schema}.kernel_offsets`);
    if (stored!.n !== readings.length) throw new Error(`the consumer stored offsets for ${stored!.n} of ${readings.length} readings`);
    console.log(
      `  service batch path (PostgreSQL, batch ${BATCH})  ${Math.round(rate).toLocaleString('en-US').padStart(12)} readings/s (node + PostgreSQL share the machine's cores)`,
    );
  } finally {
    await close();
    await pg.close();
  }
}

async function main(): Promise<void> {
  const readings = fleetReadings();
  const raw = readings.map((r) => Buffer.from(JSON.stringify(r)));
  const once = analyseAll(readings);
  console.log(`vehicle-analysis bench: ${VEHICLES} vehicles × ${READINGS} readings = ${readings.length.toLocaleString('en-US')} readings, node ${process.version}, one core`);
  console.log(`  findings per pass: ${once.incidents}, vehicle state records per pass: ${once.states}`);
  measure('  analysis (pure detectors)', readings.length, () => analyseAll(readings));
  measure('  JSON parse + zod validation + analysis', raw.length, () => parseAndAnalyseAll(raw));
  if (process.env.BENCH_SERVICE === '1') await serviceFigure(readings);
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
