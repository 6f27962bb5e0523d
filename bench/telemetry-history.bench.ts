/**
 * Telemetry history benchmark, two figures against a REAL PostgreSQL (embedded
 * unless DATABASE_URL is set), each beside a baseline measured in the same run:
 *
 * 1. Readings written per second through the consumer path: the kernel's
 *    ConsumerRunner decodes and validates each record (JSON + zod), the consumer
 *    prepares the stored rows, and one transaction per partition batch holds the
 *    raw rows (one multi-row INSERT), the minute and hour roll-ups (one upsert
 *    each), the latest values and the offset. A fleet reporting every 5 s,
 *    interleaved in time, in batches the size of a Kafka fetch, one batch at a
 *    time per partition (as the Kafka bus hands them): one partition, then six in one
 *    instance, as many at once as the consumer takes (`partitionsConcurrently`, 3)
 *    (BENCH_RUNS=1x1,1x6; `2x3` forks two instance processes of three partitions
 *    each). Baseline: a plain multi-row INSERT of the same rows into an unpartitioned
 *    table with the same primary key (no JSON, no validation, no roll-ups, no offsets).
 * 2. A 30-day range of one metric of one machine reporting every 5 s (518 400
 *    raw readings, also written through the consumer path) downsampled to 1 000
 *    points, asked over HTTP from the service (warm cache: 5 warm-up requests,
 *    then the median and p95 of 30). Baseline: the same buckets computed from the
 *    raw rows.
 *
 * Prints each figure, writes bench/reports/telemetry-history.json. Over 300
 * lines on purpose: the scenarios, the forked-instance mode and the report stay in
 * one file, so one command reproduces every figure of the README.
 *
 *   npm run bench:telemetry-history
 *   BENCH_DEVICES=1000 BENCH_READINGS=300 BENCH_BATCH=3000 BENCH_RUNS=1x1,1x6,2x3 npm run bench:telemetry-history
 *   BENCH_PROFILE=/tmp/prof npm run bench:telemetry-history   (a CPU profile of each write phase)
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fork, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { HEADERS, TOPICS, type MachineTelemetryV1 } from '@tsunagu/contracts';
import { DEFAULT_KERNEL_SETTINGS, inParallel, InProcessBus, ManualClock, Metrics, partitionOf, pgNumberRows, pgNumbers, pgTexts, setLogLevel, type BatchConsumer, type IncomingBatch } from '@tsunagu/platform';
import { syntheticSeries } from '@tsunagu/operation-analysis';
import { DAY_MS, machineReading } from '@tsunagu/telemetry-history';
import { TELEMETRY_HISTORY_SCHEMA, TelemetryHistoryModule } from '@apps/telemetry-history';
import { startApp } from '../test/support/app-harness';
import { benchDatabase } from './support/bench-database';
import { benchConsumerPath } from './support/bench-service';
import { startProfile } from './support/profile';
import { benchLog, benchSizes, fmt } from './support/settings';
import { MachineReadingsConsumer } from '../apps/telemetry-history/src/ingest/readings.consumers';
import { ReadingsWriter } from '../apps/telemetry-history/src/ingest/readings.writer';
import { TelemetryHistoryInit1765000000200 } from '../apps/telemetry-history/src/migrations/1765000000200-telemetry-history-init';
import { PartitionManager } from '../apps/telemetry-history/src/storage/partition-manager';
import { telemetryHistoryOptionsFromEnv, telemetryHistoryEnv } from '../apps/telemetry-history/src/telemetry-history.config';

const { DEVICES, READINGS, BATCH, RANGE_DAYS } = benchSizes({ DEVICES: 1000, READINGS: 300, BATCH: 3000, RANGE_DAYS: 30 });
/** records per partition batch: about what one Kafka fetch brings (kafkajs reads up to 1 MiB per partition; a machine reading is ~330 bytes of JSON) */
const POINTS = 1000;
const REPORT = join(__dirname, 'reports', 'telemetry-history.json');
const NOW = Date.UTC(2026, 11, 2, 0, 0, 0);

const log = benchLog('telemetry-history');

/** Kafka batches of one partition: JSON records with offsets, as the bus delivers them. */
function batchesOf(readings: readonly MachineTelemetryV1[], partition: number): IncomingBatch[] {
  const out: IncomingBatch[] = [];
  for (let i = 0; i < readings.length; i += BATCH) {
    out.push({
      topic: TOPICS.machineTelemetry,
      partition,
      messages: readings.slice(i, i + BATCH).map((r, j) => ({
        topic: TOPICS.machineTelemetry,
        partition,
        offset: String(i + j),
        key: r.deviceId,
        value: Buffer.from(JSON.stringify(r)),
        headers: { [HEADERS.correlationId]: `b-${i + j}` },
        timestamp: r.receivedAt,
      })),
    });
  }
  return out;
}

function fleet(prefix: string): MachineTelemetryV1[] {
  const start = NOW - 2 * DAY_MS;
  const per = Array.from({ length: DEVICES }, (_, m) => syntheticSeries({ deviceId: `${prefix}m-${m}`, model: 'excavator-20t', startTs: start + (m % 5) * 1000, count: READINGS, intervalSec: 5, seed: m + 1, noise: { coolantTempC: 0.5, vibrationRmsMmS: 0.2 } }));
  const out: MachineTelemetryV1[] = [];
  for (let i = 0; i < READINGS; i++) for (const s of per) out.push(s[i]!);
  return out;
}

/** The consumer path on a database: the kernel's runner, the history's consumer and writer, fed by a scripted bus. */
async function consumerPath(url: string) {
  const options = { ...telemetryHistoryOptionsFromEnv(telemetryHistoryEnv.parse({})), retentionDays: RETENTION };
  const clock = new ManualClock(NOW);
  // the kernel's database without the service's later migrations, and no relay: the bench publishes nothing
  const settings = { ...DEFAULT_KERNEL_SETTINGS, outbox: { enabled: false, pollMs: 60_000, batchSize: 500 }, consumers: { maxAttempts: 3, stalledAfterMs: 60_000 } };
  const { bus, db, close } = await benchConsumerPath({ name: 'telemetry-history', schema: TELEMETRY_HISTORY_SCHEMA, migrations: [TelemetryHistoryInit1765000000200] }, url, (db) => {
    const writer = new ReadingsWriter(new PartitionManager(db, options, clock), options, clock, new Metrics('bench', { defaults: false }));
    return new (MachineReadingsConsumer as unknown as new (w: ReadingsWriter) => BatchConsumer)(writer);
  }, { settings });
  const { dataSource } = db;
  /** Feeds each partition's batches in order, as many partitions side by side as the consumer takes at once (as the bus would); returns this process's CPU µs. */
  const feed = async (batches: readonly IncomingBatch[][]): Promise<number> => {
    const cpu = process.cpuUsage();
    await inParallel(batches, bus.partitionsConcurrently, async (bs) => {
      for (const b of bs) await bus.handle!(b);
    });
    const used = process.cpuUsage(cpu);
    return used.user + used.system;
  };
  return { dataSource, feed, close };
}

const RETENTION = { raw: 400, minute: 400, hour: 4000 };

/** One run's share of the fleet: the partitions (of `total`) an instance owns, as Kafka batches. */
function shareOf(prefix: string, total: number, partitions: readonly number[]): { readings: number; batches: IncomingBatch[][] } {
  const readings = fleet(prefix);
  const mine = partitions.map((p) => readings.filter((r) => partitionOf(r.deviceId, total) === p));
  // each run its own partition numbers: the offsets stored by an earlier run must not cover these records
  const base = 100 * (1 + (prefix.charCodeAt(1) - 48) * 10 + (prefix.charCodeAt(3) - 48));
  return { readings: mine.reduce((n, rs) => n + rs.length, 0), batches: mine.map((rs, i) => batchesOf(rs, base + partitions[i]!)) };
}

/**
 * A forked instance (BENCH_WORKER): builds its share, says ready, writes it on
 * "go", reports its CPU. Instances of a service share the topic's partitions.
 */
async function worker(): Promise<void> {
  setLogLevel('warn');
  const { url, prefix, total, partitions } = JSON.parse(process.env.BENCH_WORKER!) as { url: string; prefix: string; total: number; partitions: number[] };
  const path = await consumerPath(url);
  const share = shareOf(prefix, total, partitions);
  process.send!({ ready: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const cpuUs = await path.feed(share.batches);
  process.send!({ done: true, cpuUs, readings: share.readings });
  await path.close();
}

/** Instances × partitions each, side by side: `1x6` one instance consuming six partitions, `2x3` two instances of three. */
async function writeRun(url: string, local: Awaited<ReturnType<typeof consumerPath>>, instances: number, perInstance: number) {
  const total = instances * perInstance;
  const prefix = `r${instances}x${perInstance}-`;
  log(`${instances} instance(s) × ${perInstance} partition(s): generating ${DEVICES} machines × ${READINGS} readings…`);
  let seconds: number;
  let cpuUs = 0;
  let readings = 0;
  if (instances === 1) {
    const share = shareOf(prefix, total, Array.from({ length: total }, (_, p) => p));
    readings = share.readings;
    const profiling = process.env.BENCH_PROFILE ? await startProfile() : null;
    const t = performance.now();
    cpuUs = await local.feed(share.batches);
    seconds = (performance.now() - t) / 1000;
    if (profiling) await profiling.stop(join(process.env.BENCH_PROFILE!, `write-${instances}x${perInstance}.cpuprofile`));
  } else {
    const children = Array.from({ length: instances }, (_, i) =>
      fork(__filename, [], { execArgv: ['-r', '@swc-node/register'], env: { ...process.env, BENCH_WORKER: JSON.stringify({ url, prefix, total, partitions: Array.from({ length: perInstance }, (_, p) => i * perInstance + p) }) } }),
    );
    const next = (c: ChildProcess) => new Promise<Record<string, number>>((resolve, reject) => { c.once('message', (m) => resolve(m as Record<string, number>)); c.once('exit', (code) => code && reject(new Error(`instance exited with ${code}`))); });
    await Promise.all(children.map(next));
    const t = performance.now();
    const done = children.map(next);
    for (const c of children) c.send('go');
    const results = await Promise.all(done);
    seconds = (performance.now() - t) / 1000;
    for (const r of results) { cpuUs += r.cpuUs!; readings += r.readings!; }
  }
  const [{ n }] = await local.dataSource.query(`SELECT count(*)::int AS n FROM telemetry_history.readings WHERE device_id LIKE $1`, [`${prefix}%`]);
  if (n !== readings) throw new Error(`stored ${n} of ${readings}`);
  return { readings, seconds, perSec: readings / seconds, cpuUsPerReading: cpuUs / readings, total };
}

/** The baseline of a run: the same rows, one plain multi-row INSERT per batch, the same partitions side by side, no decoding, no roll-ups, no offsets. */
async function plainRun(local: Awaited<ReturnType<typeof consumerPath>>, total: number, tag: string): Promise<number> {
  const readings = fleet(`${tag}-`);
  const byPartition = Array.from({ length: total }, (_, p) => readings.filter((r) => partitionOf(r.deviceId, total) === p).map(machineReading));
  const table = `telemetry_history.bench_plain_${tag}`;
  await local.dataSource.query(`CREATE TABLE ${table} (device_id text, ts timestamptz, seq bigint, state text, lat float8, lon float8, vals float8[], event text, codes text, PRIMARY KEY (device_id, ts, seq))`);
  const t = performance.now();
  await Promise.all(byPartition.map(async (stored) => {
    for (let i = 0; i < stored.length; i += BATCH) {
      const rows = stored.slice(i, i + BATCH);
      await local.dataSource.query(
        `INSERT INTO ${table} SELECT u.d, to_timestamp(u.t::float8 / 1000), u.s, u.st, u.la, u.lo, ($7::float8[])[(u.o - 1) * 9 + 1 : u.o * 9], NULL, NULL
           FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::float8[], $6::float8[]) WITH ORDINALITY AS u(d, t, s, st, la, lo, o)`,
        [pgTexts(rows.map((r) => r.deviceId)), pgNumbers(rows.map((r) => r.ts)), pgNumbers(rows.map((r) => r.seq)), pgTexts(rows.map((r) => r.state)), pgNumbers(rows.map((r) => r.lat)), pgNumbers(rows.map((r) => r.lon)), pgNumberRows(rows, (r) => r.vals)],
      );
    }
  }));
  return readings.length / ((performance.now() - t) / 1000);
}

async function main(): Promise<void> {
  setLogLevel('warn');
  const database = await benchDatabase(log);
  const url = database.url;
  const local = await consumerPath(url);
  const { dataSource } = local;
  const report: Record<string, unknown> = { machine: { node: process.version, cpus: cpus().length, loadAverage: loadavg().map((x) => Number(x.toFixed(2))) }, batch: BATCH };
  try {
    // 1. write throughput of a fleet, by instances × partitions
    const runs: Array<Record<string, number | string>> = [];
    for (const spec of (process.env.BENCH_RUNS ?? '1x1,1x6').split(',').filter(Boolean)) {
      const [instances, perInstance] = spec.split('x').map(Number) as [number, number];
      const r = await writeRun(url, local, instances, perInstance);
      const plainPerSec = await plainRun(local, r.total, `p${instances}x${perInstance}`);
      console.log(`write through the consumer path: ${instances} instance(s) × ${perInstance} partition(s), ${fmt(r.readings)} readings of ${DEVICES} machines every 5 s, batches of ${BATCH}, one batch at a time per partition:`);
      console.log(`  decode + validate + rows + minute/hour roll-ups + latest + offset, one transaction per batch   ${fmt(r.perSec)} readings/s  (${r.seconds.toFixed(2)} s; consumer CPU ${r.cpuUsPerReading.toFixed(1)} µs per reading)`);
      console.log(`  baseline, plain multi-row INSERT of the same rows, ${r.total} partition(s) side by side            ${fmt(plainPerSec)} readings/s`);
      console.log(`  ratio ${(r.perSec / plainPerSec).toFixed(2)}`);
      runs.push({ run: spec, loadAverage1m: Number(loadavg()[0]!.toFixed(2)), instances, partitions: r.total, readings: r.readings, devices: DEVICES, readingsPerSec: Math.round(r.perSec), consumerCpuUsPerReading: Number(r.cpuUsPerReading.toFixed(1)), baselinePlainInsertPerSec: Math.round(plainPerSec), ratio: Number((r.perSec / plainPerSec).toFixed(3)) });
    }
    report.write = runs;

    // 2. a 30-day range of one machine at 5 s, written through the same path (another partition of the topic)
    const count = (RANGE_DAYS * DAY_MS) / 5000;
    const from = NOW - RANGE_DAYS * DAY_MS;
    log(`generating one machine × ${fmt(count)} readings (${RANGE_DAYS} days at 5 s)…`);
    const month = syntheticSeries({ deviceId: 'm-month', model: 'excavator-20t', startTs: from, count, intervalSec: 5, seed: 42, noise: { coolantTempC: 1.5 }, values: (i) => ({ coolantTempC: 85 + 8 * Math.sin(i / 5000) }) });
    const t3 = performance.now();
    await local.feed([batchesOf(month, 99)]);
    const monthSec = (performance.now() - t3) / 1000;
    console.log(`one machine, ${RANGE_DAYS} days at 5 s: ${fmt(count)} readings written through the consumer path at ${fmt(count / monthSec)} readings/s`);
    await dataSource.query(`VACUUM ANALYZE telemetry_history.readings`);
    await dataSource.query(`VACUUM ANALYZE telemetry_history.rollup_minute`);

    const app = await startApp({ serviceName: 'telemetry-history', bus: new InProcessBus(1), databaseUrl: url, modules: [TelemetryHistoryModule.register({ retentionDays: RETENTION })], clock: new ManualClock(NOW) });
    try {
      const path = `/telemetry/devices/m-month/history?metric=coolantTempC&from=${from}&to=${NOW}&points=${POINTS}&agg=avg`;
      const time = async (p: string, rounds: number): Promise<{ median: number; p95: number; body: { points: unknown[]; source: string; bucketMs: number } }> => {
        for (let i = 0; i < 5; i++) await app.request('GET', p, { role: 'operator' });
        const ms: number[] = [];
        let body: { points: unknown[]; source: string; bucketMs: number } = { points: [], source: '', bucketMs: 0 };
        for (let i = 0; i < rounds; i++) {
          const s = performance.now();
          const res = await app.request('GET', p, { role: 'operator' });
          ms.push(performance.now() - s);
          body = res.body;
        }
        ms.sort((a, b) => a - b);
        return { median: ms[Math.floor(ms.length / 2)]!, p95: ms[Math.floor(ms.length * 0.95)]!, body };
      };
      const fast = await time(path, 30);
      // baseline: the same buckets from the raw rows (the service's raw path, forced by a raw retention covering the range and a width under a minute is not possible for 30 days, so the repository is asked directly)
      const { HistoryRepository } = await import('../apps/telemetry-history/src/history/history.repository');
      const repo = app.app.get(HistoryRepository, { strict: false });
      const plan = { source: 'raw' as const, bucketMs: fast.body.bucketMs, firstBucket: Math.floor(from / fast.body.bucketMs) * fast.body.bucketMs, buckets: fast.body.points.length };
      plan.buckets = Math.ceil((NOW - plan.firstBucket) / plan.bucketMs);
      for (let i = 0; i < 3; i++) await repo.buckets('m-month', 1, plan, 'avg');
      const rawMs: number[] = [];
      for (let i = 0; i < 10; i++) {
        const s = performance.now();
        await repo.buckets('m-month', 1, plan, 'avg');
        rawMs.push(performance.now() - s);
      }
      rawMs.sort((a, b) => a - b);
      const rawMedian = rawMs[Math.floor(rawMs.length / 2)]!;
      console.log(`${RANGE_DAYS}-day range of one metric (${fmt(count)} raw readings) downsampled to ≤ ${POINTS} points (warm cache):`);
      console.log(`  HTTP GET …/history, from the ${fast.body.source} roll-ups (${fast.body.points.length} buckets of ${fast.body.bucketMs / 60_000} min)   median ${fast.median.toFixed(1)} ms, p95 ${fast.p95.toFixed(1)} ms`);
      console.log(`  baseline, the same buckets scanned from the raw rows (query only)                   median ${rawMedian.toFixed(1)} ms`);
      console.log(`  ratio ${(rawMedian / fast.median).toFixed(1)}× faster`);
      report.query = {
        rangeDays: RANGE_DAYS,
        rawReadings: count,
        points: fast.body.points.length,
        bucketMs: fast.body.bucketMs,
        source: fast.body.source,
        httpMedianMs: Number(fast.median.toFixed(1)),
        httpP95Ms: Number(fast.p95.toFixed(1)),
        baselineRawScanMedianMs: Number(rawMedian.toFixed(1)),
        speedup: Number((rawMedian / fast.median).toFixed(1)),
        monthWriteReadingsPerSec: Math.round(count / monthSec),
        loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
      };
    } finally {
      await app.close();
    }
    mkdirSync(join(__dirname, 'reports'), { recursive: true });
    writeFileSync(REPORT, `${JSON.stringify({ ...report, measuredAt: new Date().toISOString() }, null, 2)}\n`);
    log(`report: ${REPORT}`);
  } finally {
    await local.close();
    await database.close();
  }
}

(process.env.BENCH_WORKER ? worker() : main()).catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
