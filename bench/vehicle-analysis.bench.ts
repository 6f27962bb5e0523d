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
 * machine; the outbox relayed to the in-process bus, included in the time), printed
 * beside the decode + analysis figure of the same run (its ceiling on one core)
 * with their ratio. Last, incidents → cases: the call centre's ingestion on the same
 * PostgreSQL (one transaction per batch), beside the same incidents stored with
 * one INSERT each. Writes bench/reports/vehicle-analysis.json.
 *
 *   npx tsx bench/vehicle-analysis.bench.ts
 *   BENCH_SERVICE=1 npx tsx bench/vehicle-analysis.bench.ts
 *   BENCH_SERVICE=1 BENCH_SERVICE_BATCHES=500,1000,3000 BENCH_PROFILE=/tmp/prof npx tsx bench/vehicle-analysis.bench.ts
 *   BENCH_VEHICLES=2000 BENCH_READINGS=300 BENCH_ROUNDS=5 npx tsx bench/vehicle-analysis.bench.ts
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseJson, TOPICS, vehicleTelemetryV1Schema, type VehicleIncidentV1, type VehicleTelemetryV1 } from '@tsunagu/contracts';
import { InProcessBus, Metrics, openServiceDatabase, setLogLevel, SYSTEM_CLOCK, type AlarmRulesService } from '@tsunagu/platform';
import { seededRandom } from '@tsunagu/operation-analysis';
import { analyseReading, DEFAULT_VEHICLE_ANALYSIS_CONFIG, vehicleRuleBook, type VehicleMonitorState } from '@tsunagu/vehicle-monitoring';
import { TelemetryConsumer, VEHICLE_MONITORING_SERVICE as SERVICE, VehicleMonitoringRepository, VehicleMonitoringService } from '@apps/vehicle-monitoring';
import { CALL_CENTRE_SERVICE, CasesService } from '@apps/call-centre';
import { CasesRepository } from '../apps/call-centre/src/cases/cases.repository';
import { ContactsRepository } from '../apps/call-centre/src/contacts/contacts.repository';
import { benchDatabase, settleDatabase } from './support/bench-database';
import { rowByRowInserts } from './support/row-by-row';
import { benchConsumerPath, feedBatches, partitionLogs, serviceBatches } from './support/bench-service';
import type { Rate } from './support/measure';
import { writeReport } from './support/report';
import { benchSizes, fmt, reportedTwice } from './support/settings';

const { VEHICLES, READINGS, ROUNDS, BATCH, INCIDENTS } = benchSizes({ VEHICLES: 1000, READINGS: 200, ROUNDS: 5, BATCH: 500, INCIDENTS: 20_000 });
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

function measure(label: string, count: number, fn: () => unknown): Rate {
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
    `${label.padEnd(36)} ${fmt(median).padStart(12)} readings/s/core (median of ${ROUNDS}; min ${fmt(rates[0]!)}, max ${fmt(rates[rates.length - 1]!)})`,
  );
  return { median: Math.round(median), min: Math.round(rates[0]!), max: Math.round(rates[rates.length - 1]!) };
}

const PARTITIONS = 3;

/** The service's batch path as the kernel runs it, against a real (embedded) PostgreSQL: one pass over the fleet; readings per second. */
async function serviceFigure(readings: readonly VehicleTelemetryV1[], url: string, batch: number): Promise<number> {
  const metrics = new Metrics('bench', { defaults: false });
  const options = { offlineAfterMs: 300_000, offlineSweepMs: 30_000, analysis: DEFAULT_VEHICLE_ANALYSIS_CONFIG, rulesPollMs: 5000 };
  // no operator overrides in the benchmark: the configured thresholds judge every reading
  const noOverrides = { ready: async () => undefined } as unknown as AlarmRulesService;
  const path = await benchConsumerPath(
    SERVICE,
    url,
    (db) => new TelemetryConsumer(new VehicleMonitoringService(new VehicleMonitoringRepository(db), db, options, SYSTEM_CLOCK, metrics, vehicleRuleBook(options.analysis), noOverrides)),
    { partitions: PARTITIONS, metrics },
  );
  try {
    const logs = partitionLogs(TOPICS.vehicleTelemetry, readings, (r) => r.deviceId, (r) => r.ts, PARTITIONS);
    return await feedBatches(path, logs, batch, `vehicle-service-batch-${batch}`);
  } finally {
    await path.close();
  }
}

/** INCIDENTS/2 problems (vehicle, kind), each reported twice: the first opens a case, the second (worse) attaches and raises it. */
function incidentStream(): VehicleIncidentV1[] {
  const kinds = ['overheating', 'battery-failing', 'diagnostic-code', 'harsh-driving'] as const;
  return reportedTwice(INCIDENTS, { kinds, subjectPrefix: 'veh-', t0: T0, roundGapMs: 60_000 }, ({ subject: vehicle, kind, ts, round, index: p }) => ({
    findingId: `${vehicle}:${kind}:${ts}`,
    subjectId: vehicle,
    kind,
    component: kind === 'battery-failing' ? 'battery' : 'engine',
    severity: round === 0 ? 'medium' : 'critical',
    dedupKey: `${vehicle}:${kind}`,
    detectedAt: ts,
    summary: `${kind} on ${vehicle}`,
    evidence: {
      detector: kind,
      detectorVersion: '1.0.0',
      readings: Array.from({ length: 10 }, (_, i) => ({ ts: ts - i * 1000, metric: 'coolantTempC', value: 110 + i })),
      thresholds: { limit: 110, hysteresis: 3 },
    },
    origin: { topic: TOPICS.vehicleTelemetry, partition: 0, fromOffset: String(p), toOffset: String(p + 10) },
    position: { lat: 35.6 + (p % 100) * 0.001, lon: 139.7 },
  }));
}

/** Incidents → cases on a real PostgreSQL: the call centre's ingestion, one transaction per batch; then the same again (all duplicates), and the row-by-row baseline. */
async function casesFigure(url: string): Promise<{ incidentsPerSec: number; duplicatesPerSec: number; rowByRowPerSec: number }> {
  const bus = new InProcessBus(PARTITIONS);
  const db = await openServiceDatabase(CALL_CENTRE_SERVICE, url, bus);
  try {
    const options = { slaSec: { 1: 120, 2: 900, 3: 3600, 4: 14_400 }, escalationIntervalMs: 5000, defaultPageSize: 20 } as const;
    const cases = new CasesService(new CasesRepository(db), new ContactsRepository(db), db, options, SYSTEM_CLOCK);
    const ingest = (batch: readonly VehicleIncidentV1[]) =>
      db.transaction((tx) =>
        cases.recordIncidents(
          tx,
          batch.map((value, i) => ({ value, message: { topic: TOPICS.vehicleIncidents, partition: 0, offset: String(i), key: value.subjectId, value: Buffer.alloc(0), headers: {}, timestamp: 0 } })),
        ),
      );
    const incidents = incidentStream();
    const pass = async (): Promise<{ perSec: number; opened: number; attached: number; duplicates: number }> => {
      const totals = { opened: 0, attached: 0, duplicates: 0 };
      const started = performance.now();
      for (let i = 0; i < incidents.length; i += BATCH) {
        const r = await ingest(incidents.slice(i, i + BATCH));
        totals.opened += r.opened;
        totals.attached += r.attached;
        totals.duplicates += r.duplicates;
      }
      return { perSec: incidents.length / ((performance.now() - started) / 1000), ...totals };
    };
    const first = await pass();
    const again = await pass();
    const rowByRow = await rowByRowInserts(
      db,
      'call_centre.case_incidents',
      ['finding_id', 'case_id', 'kind', 'severity', 'summary', 'dedup_key', 'detected_at', 'position', 'evidence', 'origin', 'received_at'],
      incidents.map((i) => [i.findingId, '00000000-0000-4000-8000-000000000000', i.kind, i.severity, i.summary, i.dedupKey, new Date(i.detectedAt), JSON.stringify(i.position), JSON.stringify(i.evidence), JSON.stringify(i.origin), new Date()]),
      BATCH,
    );
    console.log(`incidents → cases (real PostgreSQL, batches of ${BATCH}, one transaction each):`);
    console.log(`  ${fmt(first.perSec)} incidents/s (${first.opened} cases opened, ${first.attached} incidents attached)`);
    console.log(`  redelivered duplicates ignored: ${fmt(again.perSec)} incidents/s (${again.duplicates} duplicates)`);
    console.log(`  baseline, the same incidents' rows inserted one INSERT each (one transaction per batch): ${fmt(rowByRow)} incidents/s; ratio ${(first.perSec / rowByRow).toFixed(2)}`);
    return { incidentsPerSec: Math.round(first.perSec), duplicatesPerSec: Math.round(again.perSec), rowByRowPerSec: Math.round(rowByRow) };
  } finally {
    await db.close();
    await bus.close();
  }
}

async function main(): Promise<void> {
  setLogLevel('warn');
  const readings = fleetReadings();
  const raw = readings.map((r) => Buffer.from(JSON.stringify(r)));
  const once = analyseAll(readings);
  console.log(`vehicle-analysis bench: ${VEHICLES} vehicles × ${READINGS} readings = ${readings.length.toLocaleString('en-US')} readings, node ${process.version}, one core`);
  console.log(`  findings per pass: ${once.incidents}, vehicle state records per pass: ${once.states}`);
  const analysis = measure('  analysis (pure detectors)', readings.length, () => analyseAll(readings));
  const decoded = measure('  JSON parse + zod validation + analysis', raw.length, () => parseAndAnalyseAll(raw));
  const report: Record<string, unknown> = { vehicles: VEHICLES, readingsPerVehicle: READINGS, rounds: ROUNDS, analysisPerSec: analysis, decodeAndAnalysisPerSec: decoded };
  const pg = await benchDatabase(() => undefined);
  try {
    if (process.env.BENCH_SERVICE === '1') await serviceReport(readings, pg.url, decoded, report);
    await settleDatabase(pg.url);
    const cases = await casesFigure(pg.url);
    report.cases = { ...cases, baseline: 'rowByRowPerSec', ratio: Number((cases.incidentsPerSec / cases.rowByRowPerSec).toFixed(3)) };
  } finally {
    await pg.close();
  }
  console.log(`  report: ${writeReport('vehicle-analysis', report)} (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
}

/** The service figure at each batch size beside its baseline of the same run (decode + analysis on one core), printed and added to the report. */
async function serviceReport(readings: readonly VehicleTelemetryV1[], url: string, decoded: Rate, report: Record<string, unknown>): Promise<void> {
  const runs: Array<Record<string, unknown>> = [];
  for (const batch of serviceBatches()) {
    const service = Math.round(await serviceFigure(readings, url, batch));
    const ratio = service / decoded.median;
    const load = Number(loadavg()[0]!.toFixed(2));
    console.log(
      `  service batch path (PostgreSQL, batch ${batch})  ${service.toLocaleString('en-US').padStart(12)} readings/s, whole machine (node + PostgreSQL share its cores); ${ratio.toFixed(2)}× the decode + analysis baseline on one core (load ${load})`,
    );
    runs.push({ batch, partitions: PARTITIONS, readingsPerSec: service, ratio: Number(ratio.toFixed(3)), loadAverage1m: load });
  }
  report.service = { baseline: 'decodeAndAnalysisPerSec (one core, no database)', runs };
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
