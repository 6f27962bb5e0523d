import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { z } from 'zod';
import { parseJson } from '@tsunagu/contracts';
import {
  ConsumerRunner,
  createLogger,
  DEFAULT_KERNEL_SETTINGS,
  InProcessBus,
  inParallel,
  openServiceDatabase,
  partitionOf,
  type BatchConsumer,
  type IncomingBatch,
  type IncomingMessage,
  type KernelSettings,
  type Metrics,
  type ServiceDatabase,
  type ServiceDefinition,
  type SubscribeOptions,
  type Subscription,
} from '@tsunagu/platform';
import { benchDatabase, settleDatabase } from './bench-database';
import { startProfile } from './profile';

/** The in-process bus, except that the bench hands the consumer its batches (in the sizes it chooses). */
export class HandingBus extends InProcessBus {
  handle: ((batch: IncomingBatch) => Promise<void>) | null = null;
  /** what the consumer allows (BatchConsumer.partitionsConcurrently), as the Kafka bus would */
  partitionsConcurrently = 1;

  override async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.handle = options.handleBatch;
    this.partitionsConcurrently = options.partitionsConcurrently ?? 1;
    return { stop: async () => undefined };
  }
}

/**
 * A service's batch path as the kernel runs it, without Nest (tsx emits no decorator
 * metadata): its database as the kernel opens it (migrations, publisher, outbox
 * relay), and one consumer started on a bus the bench hands batches through.
 */
export async function benchConsumerPath(
  def: Pick<ServiceDefinition, 'name' | 'schema' | 'migrations'>,
  url: string,
  consumerOf: (db: ServiceDatabase) => BatchConsumer,
  opts: { partitions?: number; settings?: KernelSettings; metrics?: Metrics } = {},
): Promise<{ bus: HandingBus; db: ServiceDatabase; close(): Promise<void> }> {
  const settings = opts.settings ?? DEFAULT_KERNEL_SETTINGS;
  const bus = new HandingBus(opts.partitions, 1000);
  const db = await openServiceDatabase(def, url, bus, settings, opts.metrics);
  const runner = new ConsumerRunner(def.name, bus, db, settings.consumers, createLogger('bench.consumer'), opts.metrics);
  await runner.start(consumerOf(db));
  return {
    bus,
    db,
    close: async () => {
      await runner.stop();
      await db.outbox.stop();
      await db.close();
      await bus.close();
    },
  };
}

/**
 * Partition batch sizes the service path is measured at (BENCH_SERVICE_BATCHES,
 * default 500 and 2000): 500 is a small fetch; a Kafka fetch under a backlog
 * brings up to 1 MiB per partition (kafkajs' default), 1 300–3 000 readings, and
 * the PostgresBus hands up to 1 000.
 */
export function serviceBatches(): number[] {
  return (process.env.BENCH_SERVICE_BATCHES ?? '500,2000').split(',').map(Number);
}

/** Records as a consumer receives them: per partition (by key), in offset order. */
export function partitionLogs<T>(topic: string, values: readonly T[], keyOf: (value: T) => string, tsOf: (value: T) => number, partitions: number): IncomingMessage[][] {
  const logs: IncomingMessage[][] = Array.from({ length: partitions }, () => []);
  for (const value of values) {
    const key = keyOf(value);
    const partition = partitionOf(key, partitions);
    const log = logs[partition]!;
    log.push({ topic, partition, offset: String(log.length), key, value: Buffer.from(JSON.stringify(value)), headers: {}, timestamp: tsOf(value) });
  }
  return logs;
}

/**
 * Hands the logs to the consumer in batches of `batch` records, one partition
 * batch after another (as the Kafka bus does with one partition consumed at a
 * time), relays the outbox, and checks that the stored offsets cover every record.
 * Returns records per second, wall clock, outbox relay included. With
 * BENCH_PROFILE=<dir>, writes a CPU profile of this phase to <dir>/<name>.cpuprofile.
 * `seed`: statements run after the tables were emptied (rows a migration put there
 * that the service expects, e.g. a clock row).
 */
export async function feedBatches(
  path: { bus: HandingBus; db: ServiceDatabase },
  logs: readonly IncomingMessage[][],
  batch: number,
  name = 'service',
  seed: readonly string[] = [],
): Promise<number> {
  const total = logs.reduce((n, log) => n + log.length, 0);
  // each run starts from an empty service: no offsets, states or outbox of a run before
  const tables = await path.db.query<{ t: string }>(`SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS t FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migrations' AND table_type = 'BASE TABLE'`, [path.db.schema]);
  await path.db.query(`TRUNCATE ${tables.map((r) => r.t).join(', ')}`);
  for (const sql of seed) await path.db.query(sql);
  path.db.outbox.start();
  const profiling = process.env.BENCH_PROFILE ? await startProfile() : null;
  // BENCH_PARTITIONS_CONCURRENTLY=1 measures the same path one partition batch at a time (the kernel's default)
  const concurrently = Number(process.env.BENCH_PARTITIONS_CONCURRENTLY ?? path.bus.partitionsConcurrently);
  const started = performance.now();
  for (let from = 0; ; from += batch) {
    const batches = logs.map((log, partition) => ({ topic: log[0]?.topic ?? '', partition, messages: log.slice(from, from + batch) })).filter((b) => b.messages.length > 0);
    if (batches.length === 0) break;
    // the partitions' batches at once where the consumer allows it (kafkajs' partitionsConsumedConcurrently)
    await inParallel(batches, concurrently, (b) => path.bus.handle!(b));
  }
  await path.db.outbox.drain();
  const rate = total / ((performance.now() - started) / 1000);
  if (profiling) await profiling.stop(join(process.env.BENCH_PROFILE!, `${name}.cpuprofile`));
  const [stored] = await path.db.query<{ n: number }>(`SELECT COALESCE(sum("offset" + 1), 0)::int AS n FROM ${path.db.schema}.kernel_offsets`);
  if (stored!.n !== total) throw new Error(`the consumer stored offsets for ${stored!.n} of ${total} records`);
  return rate;
}

/**
 * Records per second through decode (JSON and the contract's schema) and the
 * consumer's `prepare` alone, one core, no database, after one warm-up pass: the
 * ceiling of a service path whose prepare is its CPU work (the baseline its figure
 * is printed beside).
 */
export function decodeAndPrepareRate<S extends z.ZodType>(schema: S, values: ReadonlyArray<z.infer<S>>, prepare: (value: z.infer<S>) => unknown): number {
  const raw = values.map((v) => Buffer.from(JSON.stringify(v)));
  const kept: unknown[] = [];
  const run = () => {
    kept.length = 0;
    const started = performance.now();
    for (const buf of raw) {
      const parsed = parseJson(schema, buf);
      if (!parsed.ok) throw new Error(parsed.detail);
      kept.push(prepare(parsed.value));
    }
    return raw.length / ((performance.now() - started) / 1000);
  };
  run(); // warm-up (JIT)
  return Math.round(run());
}

/**
 * A service path measured at each batch size of BENCH_SERVICE_BATCHES on one
 * PostgreSQL (embedded unless DATABASE_URL is set; a CHECKPOINT after each run),
 * each run printed beside `baseline` (records per second on one core) with what it
 * found (counts that must not move when the path gets faster). Returns the runs for
 * the report.
 */
export async function serviceRunsAt(
  what: string,
  baseline: number,
  run: (url: string, batch: number) => Promise<{ rate: number; found: Record<string, number> }>,
): Promise<Array<Record<string, unknown>>> {
  const pg = await benchDatabase(() => undefined);
  try {
    const runs: Array<Record<string, unknown>> = [];
    for (const batch of serviceBatches()) {
      const { rate, found } = await run(pg.url, batch);
      const ratio = Number((rate / baseline).toFixed(3));
      const load = Number(loadavg()[0]!.toFixed(2));
      const counts = Object.entries(found).map(([k, n]) => `${n} ${k}`).join(', ');
      console.log(`  ${what}, batches of ${batch}, whole machine: ${Math.round(rate)}/s, ${ratio}× the baseline (${counts}; load ${load})`);
      runs.push({ batch, perSecond: Math.round(rate), ratio, ...found, loadAverage1m: load });
      await settleDatabase(pg.url);
    }
    return runs;
  } finally {
    await pg.close();
  }
}

/**
 * One measured run of a service path: the consumer started on a fresh bench path
 * (`benchConsumerPath`), the logs fed in batches of `batch` (`feedBatches`, after
 * `seed`), then `found`: what the run left, each a `SELECT count(*)::int AS n …`
 * statement by name.
 */
export async function measureConsumerPath(
  def: Pick<ServiceDefinition, 'name' | 'schema' | 'migrations'>,
  url: string,
  consumerOf: (db: ServiceDatabase) => BatchConsumer,
  logs: readonly IncomingMessage[][],
  batch: number,
  opts: { name: string; found: Record<string, string>; seed?: readonly string[] },
): Promise<{ rate: number; found: Record<string, number> }> {
  const path = await benchConsumerPath(def, url, consumerOf, { partitions: logs.length });
  try {
    const rate = await feedBatches(path, logs, batch, opts.name, opts.seed);
    const found: Record<string, number> = {};
    for (const [name, sql] of Object.entries(opts.found)) found[name] = (await path.db.query<{ n: number }>(sql))[0]!.n;
    return { rate, found };
  } finally {
    await path.close();
  }
}
