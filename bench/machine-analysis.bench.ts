/**
 * Pair 1 benchmark, two figures:
 *
 * 1. Readings analysed per second on ONE core (the main thread) with every
 *    detector of @tsunagu/operation-analysis on (limits with hysteresis, per-state
 *    robust baselines, trends, service due, utilisation). A fleet of mixed models
 *    reports interleaved, some machines climbing, some with excursions, as the
 *    consumer sees them. Printed: analysis alone, and parse + schema validation +
 *    analysis + the state JSON written per batch (what the consumer does per record
 *    apart from the database round trips).
 * 2. Findings → work orders per second: the maintenance service's idempotent
 *    ingestion (claim finding ids, machine registry, open or attach to the active
 *    work order of each dedup key, one transaction per batch) against a REAL
 *    PostgreSQL (embedded unless DATABASE_URL is set), fed batches the size of a
 *    Kafka fetch. Half of the findings attach to work orders opened earlier.
 *
 * 3. With BENCH_SERVICE=1, between the two: the analysis service's batch path as
 *    the kernel runs it (decode and validation, one transaction per partition
 *    batch holding the states, utilisation, offset and the findings' outbox rows;
 *    the outbox relayed to the in-process bus, in the time), beside figure 1's
 *    parse + validate + detectors rate of the same run (its ceiling on one core).
 *
 * Figure 2 is printed beside a baseline of the same run: the same findings stored
 * with one INSERT each. Writes bench/reports/machine-analysis.json.
 *
 *   node -r @swc-node/register bench/machine-analysis.bench.ts
 *   BENCH_SERVICE=1 node -r @swc-node/register bench/machine-analysis.bench.ts
 *   BENCH_SERVICE=1 BENCH_SERVICE_BATCHES=500,1000,3000 BENCH_PROFILE=/tmp/prof node -r @swc-node/register bench/machine-analysis.bench.ts
 *   BENCH_MACHINES=500 BENCH_READINGS=2000 BENCH_FINDINGS=50000 node -r @swc-node/register bench/machine-analysis.bench.ts
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  causeOf,
  InProcessBus,
  Metrics,
  openServiceDatabase,
  setLogLevel,
  type AlarmRulesService,
  type BatchConsumer,
  type IncomingMessage,
} from '@tsunagu/platform';
import { machineTelemetryV1Schema, parseJson, TOPICS, type MachineTelemetryV1, type MaintenanceFindingV1 } from '@tsunagu/contracts';
import { MachineAnalyser, syntheticSeries, type MachineState } from '@tsunagu/operation-analysis';
import { MAINTENANCE_SERVICE } from '@apps/maintenance';
import { OPERATION_ANALYSIS_SERVICE } from '@apps/operation-analysis';
import { AnalysisStateRepository } from '../apps/operation-analysis/src/analysis/analysis-state.repository';
import { AnalysisService } from '../apps/operation-analysis/src/analysis/analysis.service';
import { TelemetryConsumer } from '../apps/operation-analysis/src/analysis/telemetry.consumer';
import { benchDatabase, settleDatabase } from './support/bench-database';
import { benchConsumerPath, feedBatches, partitionLogs, serviceBatches } from './support/bench-service';
import { writeReport } from './support/report';
import { benchLog, benchSizes, fmt, reportedTwice } from './support/settings';
import { rowByRowInserts } from './support/row-by-row';
import { MachinesRepository } from '../apps/maintenance/src/machines/machines.repository';
import { WorkOrdersRepository } from '../apps/maintenance/src/work-orders/work-orders.repository';
import { WorkOrdersService } from '../apps/maintenance/src/work-orders/work-orders.service';

const { MACHINES, READINGS, BATCH, FINDINGS } = benchSizes({ MACHINES: 200, READINGS: 1500, BATCH: 500, FINDINGS: 20_000 });
const T0 = Date.UTC(2026, 10, 29);
const PARTITIONS = 3;
const MODELS = ['excavator-20t', 'wheel-loader-15t', 'dump-truck-40t', 'crane-50t'];

const log = benchLog('machine-analysis');

/** A fleet's telemetry interleaved by time: every 4th machine climbs, every 7th has an excursion. */
function fleet(): MachineTelemetryV1[] {
  const perMachine = Array.from({ length: MACHINES }, (_, m) =>
    syntheticSeries({
      deviceId: `m-${m}`,
      model: MODELS[m % MODELS.length]!,
      startTs: T0,
      count: READINGS,
      intervalSec: 5,
      seed: m + 1,
      startEngineHours: 480 + m,
      engineState: (i) => (i % 400 < 40 ? 'idle' : 'working'),
      noise: { coolantTempC: 0.4, engineOilPressureKpa: 6, hydraulicTempC: 0.5, hydraulicPressureBar: 15, vibrationRmsMmS: 0.2 },
      values: (i) => ({
        ...(m % 4 === 0 && i > READINGS / 3 ? { coolantTempC: 85 + (0.3 * (i - READINGS / 3)) / 12 } : {}),
        ...(m % 7 === 0 && i % 600 > 500 && i % 600 < 540 ? { vibrationRmsMmS: 30 } : {}),
      }),
    }),
  );
  const out: MachineTelemetryV1[] = [];
  for (let i = 0; i < READINGS; i++) for (const s of perMachine) out.push(s[i]!);
  return out;
}

function benchAnalysis(readings: readonly MachineTelemetryV1[]): { detectorsPerSec: number; decodeAndAnalysisPerSec: number } {
  const raw = readings.map((r) => Buffer.from(JSON.stringify(r)));

  const run = (withCodec: boolean): { perSec: number; findings: number; stateBytes: number } => {
    const analyser = new MachineAnalyser();
    const states = new Map<string, MachineState>();
    let findings = 0;
    let stateBytes = 0;
    const t = performance.now();
    for (let start = 0; start < readings.length; start += BATCH) {
      const touched = new Set<MachineState>();
      for (let i = start; i < Math.min(start + BATCH, readings.length); i++) {
        let reading = readings[i]!;
        if (withCodec) {
          const parsed = parseJson(machineTelemetryV1Schema, raw[i]!);
          if (!parsed.ok) throw new Error(parsed.detail);
          reading = parsed.value;
        }
        const result = analyser.analyse(states.get(reading.deviceId), reading, { topic: TOPICS.machineTelemetry, partition: 0, offset: String(i) });
        states.set(reading.deviceId, result.state);
        touched.add(result.state);
        findings += result.findings.length;
        if (withCodec) for (const f of result.findings) JSON.stringify(f);
      }
      // the consumer writes each touched machine's state once per batch
      if (withCodec) stateBytes += JSON.stringify([...touched]).length;
    }
    const seconds = (performance.now() - t) / 1000;
    return { perSec: readings.length / seconds, findings, stateBytes };
  };

  run(false); // warm-up (JIT)
  const bare = run(false);
  const full = run(true);
  console.log(`machine analysis (1 core, all detectors, ${MACHINES} machines × ${READINGS} readings, ${bare.findings} findings):`);
  console.log(`  detectors only                                  ${fmt(bare.perSec)} readings/s`);
  console.log(`  parse + validate + detectors + state JSON/batch ${fmt(full.perSec)} readings/s  (state ${fmt(full.stateBytes / Math.ceil(readings.length / BATCH) / 1024)} KiB per ${BATCH}-reading batch)`);
  return { detectorsPerSec: Math.round(bare.perSec), decodeAndAnalysisPerSec: Math.round(full.perSec) };
}

/** The analysis service's batch path as the kernel runs it on a real PostgreSQL (states, utilisation, offsets, findings through the outbox); readings per second. */
async function benchService(readings: readonly MachineTelemetryV1[], url: string, batch: number): Promise<number> {
  const metrics = new Metrics('bench', { defaults: false });
  // no operator overrides in the benchmark: the catalogue's rules judge every reading
  const noOverrides = { ready: async () => undefined } as unknown as AlarmRulesService;
  const path = await benchConsumerPath(
    OPERATION_ANALYSIS_SERVICE,
    url,
    () => new (TelemetryConsumer as unknown as new (s: AnalysisService) => BatchConsumer)(new AnalysisService(new AnalysisStateRepository(), new MachineAnalyser(), noOverrides, metrics)),
    { partitions: PARTITIONS, metrics },
  );
  try {
    return await feedBatches(path, partitionLogs(TOPICS.machineTelemetry, readings, (r) => r.deviceId, (r) => r.ts, PARTITIONS), batch, `machine-service-batch-${batch}`);
  } finally {
    await path.close();
  }
}

function findingsStream(): MaintenanceFindingV1[] {
  // FINDINGS/2 distinct problems, each reported twice: half the findings open, half attach
  return reportedTwice(FINDINGS, { kinds: ['coolant', 'engine-oil', 'hydraulic-oil', 'vibration'], subjectPrefix: 'm-', t0: T0, roundGapMs: 3_600_000 }, ({ subject: machine, kind: component, ts, round, index: p }) => ({
    findingId: `${machine}:${component}:limit:${ts}`,
    subjectId: machine,
    component,
    kind: round === 0 ? 'trend' : 'limit-crossed',
    severity: round === 0 ? 'medium' : 'high',
    dedupKey: `${machine}:${component}`,
    detectedAt: ts,
    summary: `${component} beyond its limit`,
    evidence: {
      detector: 'limit-hysteresis',
      detectorVersion: '1.0.0',
      readings: Array.from({ length: 10 }, (_, i) => ({ ts: ts - i * 5000, metric: component, value: 100 + i })),
      thresholds: { limit: 105, hysteresis: 3 },
    },
    origin: { topic: TOPICS.machineTelemetry, partition: 0, fromOffset: String(p), toOffset: String(p + 10) },
    model: MODELS[p % MODELS.length]!,
    engineHours: 1000 + p / 100,
    ...(round === 0 ? { predictedTimeToLimitSec: 1800 } : {}),
  }));
}

async function benchWorkOrders(url: string): Promise<{ findingsPerSec: number; duplicatesPerSec: number; rowByRowPerSec: number }> {
  const bus = new InProcessBus(3);
  const db = await openServiceDatabase(MAINTENANCE_SERVICE, url, bus);
  try {
    await db.query(`TRUNCATE maintenance.work_order_events, maintenance.work_order_findings, maintenance.service_records, maintenance.work_orders, maintenance.machines`);
    const service = new WorkOrdersService(new WorkOrdersRepository(db), new MachinesRepository(db), db);
    // each batch in one transaction, as the findings consumer applies it (lineage from a synthetic Kafka record)
    const ingest = (batch: readonly MaintenanceFindingV1[]) =>
      db.transaction((tx) =>
        service.ingest(
          tx,
          batch.map((value, i) => {
            const message = { topic: TOPICS.maintenanceFindings, partition: 0, offset: String(i), key: value.subjectId, value: Buffer.alloc(0), headers: {}, timestamp: 0 } as IncomingMessage;
            return { value, message, cause: causeOf(message) };
          }),
        ),
      );
    const findings = findingsStream();
    log(`ingesting ${findings.length} findings in batches of ${BATCH}…`);
    let opened = 0;
    let attached = 0;
    const t = performance.now();
    for (let i = 0; i < findings.length; i += BATCH) {
      const r = await ingest(findings.slice(i, i + BATCH));
      opened += r.opened;
      attached += r.attached;
    }
    const seconds = (performance.now() - t) / 1000;
    // redelivery of everything: must change nothing
    const t2 = performance.now();
    let duplicates = 0;
    for (let i = 0; i < findings.length; i += BATCH) duplicates += (await ingest(findings.slice(i, i + BATCH))).duplicates;
    const dupSeconds = (performance.now() - t2) / 1000;
      console.log(`findings → work orders (real PostgreSQL, batches of ${BATCH}, one transaction each):`);
    console.log(`  ${fmt(findings.length / seconds)} findings/s  (${opened} work orders opened, ${attached} findings attached, ${seconds.toFixed(2)} s)`);
    console.log(`  redelivered duplicates ignored: ${fmt(findings.length / dupSeconds)} findings/s (${duplicates} duplicates)`);
    const rowByRow = await rowByRowInserts(
      db,
      'maintenance.work_order_findings',
      ['finding_id', 'kind', 'severity', 'summary', 'detected_at', 'predicted_time_to_limit_sec', 'engine_hours', 'evidence', 'origin', 'lineage'],
      findings.map((f) => [f.findingId, f.kind, f.severity, f.summary, new Date(f.detectedAt), f.predictedTimeToLimitSec ?? null, f.engineHours ?? null, JSON.stringify(f.evidence), JSON.stringify(f.origin), null]),
      BATCH,
    );
    console.log(`  baseline, the same findings' rows inserted one INSERT each (one transaction per batch): ${fmt(rowByRow)} findings/s; ratio ${(findings.length / seconds / rowByRow).toFixed(2)}`);
    return { findingsPerSec: Math.round(findings.length / seconds), duplicatesPerSec: Math.round(findings.length / dupSeconds), rowByRowPerSec: Math.round(rowByRow) };
  } finally {
    await db.close();
    await bus.close();
  }
}

async function main(): Promise<void> {
  setLogLevel('warn');
  log(`generating ${MACHINES} machines × ${READINGS} readings…`);
  const readings = fleet();
  const analysis = benchAnalysis(readings);
  const pg = await benchDatabase(log);
  try {
    const report: Record<string, unknown> = { machines: MACHINES, readingsPerMachine: READINGS, batch: BATCH, analysis };
    if (process.env.BENCH_SERVICE === '1') {
      const runs: Array<Record<string, unknown>> = [];
      for (const batch of serviceBatches()) {
        const service = Math.round(await benchService(readings, pg.url, batch));
        const ratio = service / analysis.decodeAndAnalysisPerSec;
        const load = Number(loadavg()[0]!.toFixed(2));
        console.log(`analysis service batch path (real PostgreSQL, ${PARTITIONS} partitions, batches of ${batch}, whole machine): ${fmt(service)} readings/s, ${ratio.toFixed(2)}× the parse + validate + detectors baseline on one core (load ${load})`);
        runs.push({ batch, partitions: PARTITIONS, readingsPerSec: service, ratio: Number(ratio.toFixed(3)), loadAverage1m: load });
      }
      report.service = { baseline: 'analysis.decodeAndAnalysisPerSec (one core, no database)', runs };
    }
    await settleDatabase(pg.url);
    const workOrders = await benchWorkOrders(pg.url);
    report.workOrders = { ...workOrders, baseline: 'rowByRowPerSec', ratio: Number((workOrders.findingsPerSec / workOrders.rowByRowPerSec).toFixed(3)) };
    console.log(`report: ${writeReport('machine-analysis', report)} (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  } finally {
    await pg.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
