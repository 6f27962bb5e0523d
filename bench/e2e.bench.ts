/* eslint-disable max-lines -- the whole run (baseline, platform, steps, steady attempts, report) reads top to bottom in one file */
/**
 * End-to-end benchmark (issue 9, target 5): a fleet of machines, provisioned through the
 * API, publishes QoS 1 telemetry through the whole platform on a real Kafka and
 * PostgreSQL on this machine: ingest broker → Kafka → operation analysis → maintenance
 * (and telemetry history). Every `BENCH_E2E_FAULT_EVERY`-th reading of a device
 * completes a coolant excursion that must raise a finding; the time from that reading's
 * publish until maintenance has stored the finding is the publish → SoR record latency.
 *
 *   1. baseline: the same load generator against bare aedes (no auth, no validation, no
 *      Kafka), as fast as it goes: what the generator and a broker doing nothing do here;
 *   2. the platform (`BENCH_E2E_MODE`: `all-in-one`, the `npm start` process on Kafka, or
 *      `services`, one process per service of the path), a warm-up at the first rate
 *      (`BENCH_E2E_WARMUP_SECONDS`, not counted), then steps of rising rate
 *      (`BENCH_E2E_RATES`) until one does not hold: every reading acknowledged at the
 *      rate without errors, every finding recorded, and what the consumers had left when
 *      the load stopped gone within `BENCH_E2E_MAX_DRAIN_MS` (3 s);
 *   3. the highest rate that held (or `BENCH_E2E_RATE`) for `BENCH_E2E_SECONDS`: the
 *      sustained readings/s, publish → SoR p50/p99, publish → PUBACK at the same load,
 *      CPU µs per reading of each process.
 * Writes bench/reports/e2e.json (one entry per mode; `npm run bench:readme` puts them in the
 * README's summary).
 *
 *   npm run bench:e2e
 *   BENCH_E2E_MODE=services npm run bench:e2e
 *   BENCH_E2E_RATE=3000 BENCH_E2E_SECONDS=30 npm run bench:e2e   # one steady rate, no steps
 *   BENCH_E2E_CPU_PROF=/tmp/prof BENCH_E2E_RATE=1000 npm run bench:e2e   # CPU profiles of the platform's processes over the steady phase
 */
import 'reflect-metadata';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setLogLevel } from '@tsunagu/platform';
import { ADMIN_TOKEN, sleep } from '../test/chaos/chaos-probes';
import { withAedes } from './support/bare-aedes';
import { benchKafka } from './support/bench-kafka';
import { E2eObserver, type Lag } from './support/e2e-observer';
import { E2E_MODES, startPlatform, type E2eMode, type E2ePlatform } from './support/e2e-platform';
import { LoadGenerator, type StepResult } from './support/e2e-generator';
import { cpuMsOf } from './support/process-cpu';
import { writeReport } from './support/report';

const env = (name: string, fallback: string): string => process.env[name] ?? fallback;
const MODE = env('BENCH_E2E_MODE', 'all-in-one') as E2eMode;
const DEVICES = Number(env('BENCH_E2E_DEVICES', '50'));
const RATES = env('BENCH_E2E_RATES', '1000,1500,2000,3000,4000,6000,8000,9000,10000,11000,13000,15000').split(',').map(Number);
const FIXED_RATE = process.env.BENCH_E2E_RATE ? Number(process.env.BENCH_E2E_RATE) : null;
const STEP_SECONDS = Number(env('BENCH_E2E_STEP_SECONDS', '8'));
const WARMUP_SECONDS = Number(env('BENCH_E2E_WARMUP_SECONDS', '6'));
const SECONDS = Number(env('BENCH_E2E_SECONDS', '20'));
const FAULT_EVERY = Number(env('BENCH_E2E_FAULT_EVERY', '200'));
const POLL_MS = Number(env('BENCH_E2E_POLL_MS', '25'));
const BARE_RATE = Number(env('BENCH_E2E_BARE_RATE', '60000'));
const WINDOW = Number(env('BENCH_E2E_WINDOW', '10'));
/** how long a backlog may take to drain after a step before the next one starts */
const DRAIN_MS = 20_000;
/** a step holds only if what the consumers had left when the load stopped was gone within this */
const MAX_DRAIN_MS = Number(env('BENCH_E2E_MAX_DRAIN_MS', '3000'));
const TARGET = { readingsPerSec: 15_000, p99Ms: 200 };

const t0 = Date.now();
const log = (msg: string): boolean => process.stderr.write(`[bench:e2e +${((Date.now() - t0) / 1000).toFixed(0)} s] ${msg}\n`);
const load1 = (): number => Math.round(loadavg()[0]! * 100) / 100;

interface Step {
  rate: number;
  seconds: number;
  ackedPerSec: number;
  pubackMs: { p50: number | null; p99: number | null };
  errors: number;
  /** the load generator's error messages and their counts */
  errorKinds: Readonly<Record<string, number>>;
  /** readings each consumer was behind when the load stopped, and at most during the step */
  behindAtEnd: Omit<Lag, 'produced'>;
  behindMax: number;
  drainMs: number;
  sor: ReturnType<E2eObserver['take']>;
  /** CPU µs per acknowledged reading, per process, over the step and its drain */
  cpuUsPerReading: Record<string, number | null>;
  /** no errors, every finding recorded, the consumers' backlog gone within BENCH_E2E_MAX_DRAIN_MS */
  keptUp: boolean;
  /** kept up, at (95 % of) the offered rate */
  held: boolean;
  loadAverage: { before: number; after: number };
  /** the load generator failed or outlived the step's deadline (killed): nothing of the step is measured */
  failure?: string;
}

/** Every process of the run, so Ctrl-C or a failure stops them all. */
const stoppers: Array<() => Promise<void> | void> = [];
let stoppingAll: Promise<void> | null = null;
/** Stops them once, however many callers (Ctrl-C, then the failure it causes) wait for it. */
function stopAll(): Promise<void> {
  stoppingAll ??= (async () => {
    for (const stop of stoppers.splice(0).reverse()) {
      try {
        await stop();
      } catch (err) {
        process.stderr.write(`[bench:e2e] while stopping: ${(err as Error).message}\n`);
      }
    }
  })();
  return stoppingAll;
}

async function runStep(gen: LoadGenerator, platform: E2ePlatform, observer: E2eObserver, kafkaPid: number | undefined, rate: number, seconds: number): Promise<Step> {
  const before = load1();
  const cpu0: Record<string, number | null> = { ...platform.cpuMs(), kafka: cpuMsOf(kafkaPid) };
  const bench0 = process.cpuUsage();
  observer.take();
  let behindMax = 0;
  const behind = (l: Lag) => Math.max(l.analysis ?? l.produced, l.history ?? l.produced);
  const ticker = setInterval(() => {
    void observer.lag().then((l) => {
      behindMax = Math.max(behindMax, behind(l));
      log(`  ${rate}/s: SoR findings ${observer.recorded}/${observer.triggered} (waiting ${observer.waiting}); behind: analysis ${l.analysis ?? '–'}, history ${l.history ?? '–'} readings`);
    });
  }, 1000);
  let result: StepResult;
  try {
    result = await gen.step(rate, seconds);
  } catch (err) {
    const failure = (err as Error).message;
    log(`  ${rate}/s: ${failure}`);
    const sor = observer.take();
    observer.forgetWaiting();
    const nothing = { p50: null, p99: null };
    return { rate, seconds, ackedPerSec: 0, pubackMs: nothing, errors: 0, errorKinds: {}, behindAtEnd: { analysis: null, history: null }, behindMax, drainMs: 0, sor, cpuUsPerReading: {}, keptUp: false, held: false, loadAverage: { before, after: load1() }, failure };
  } finally {
    clearInterval(ticker);
  }
  const atEnd = await observer.lag();
  const drainFrom = Date.now();
  for (let l = atEnd; Date.now() - drainFrom < DRAIN_MS; l = await observer.lag()) {
    if (behind(l) === 0 && observer.waiting === 0) break;
    await sleep(200);
  }
  const drainMs = Date.now() - drainFrom;
  const sor = observer.take();
  observer.forgetWaiting();
  const { report } = result;
  const acked = Math.max(1, report.totals.acked);
  const cpu1: Record<string, number | null> = { ...platform.cpuMs(), kafka: cpuMsOf(kafkaPid) };
  const bench = process.cpuUsage(bench0);
  const perReading = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null ? null : Math.round(((b - a) * 1000) / acked));
  const cpuUsPerReading: Record<string, number | null> = {
    ...Object.fromEntries(Object.keys(cpu1).map((k) => [k, perReading(cpu0[k], cpu1[k])])),
    loadGenerator: perReading(0, result.cpuMs),
    benchObserver: perReading(0, (bench.user + bench.system) / 1000),
  };
  const ackedPerSec = report.achieved.steadyAckedPerSec;
  const keptUp = report.totals.errors === 0 && drainMs <= MAX_DRAIN_MS && sor.stillWaiting === 0;
  const held = keptUp && ackedPerSec >= 0.95 * rate;
  return {
    rate,
    seconds,
    ackedPerSec,
    pubackMs: { p50: report.latencyMs.p50, p99: report.latencyMs.p99 },
    errors: report.totals.errors,
    errorKinds: report.errorKinds,
    behindAtEnd: { analysis: atEnd.analysis, history: atEnd.history },
    behindMax,
    drainMs,
    sor,
    cpuUsPerReading,
    keptUp,
    held,
    loadAverage: { before, after: load1() },
  };
}

function stepLine(s: Step): string {
  const ms = (x: number | null) => (x === null ? '–' : `${Math.round(x)} ms`);
  return (
    `${String(s.rate).padStart(6)}/s target: acked ${Math.round(s.ackedPerSec)}/s, PUBACK p50 ${ms(s.pubackMs.p50)} p99 ${ms(s.pubackMs.p99)}; ` +
    `publish → SoR record p50 ${ms(s.sor.observed.p50)} p99 ${ms(s.sor.observed.p99)} (${s.sor.observed.samples} findings${s.sor.stillWaiting ? `, ${s.sor.stillWaiting} never recorded` : ''}); ` +
    `behind at end: analysis ${s.behindAtEnd.analysis ?? '–'}, history ${s.behindAtEnd.history ?? '–'}; drained in ${(s.drainMs / 1000).toFixed(1)} s — ${s.held ? 'held' : s.keptUp ? 'kept up below the offered rate' : 'did not keep up'}` +
    (s.errors > 0 ? `; ${s.errors} errors (${Object.entries(s.errorKinds).map(([k, n]) => `${n}× ${k}`).join('; ')})` : '') +
    (s.failure ? ` (${s.failure})` : '')
  );
}

async function bareAedes(): Promise<{ ackedPerSec: number; pubackMs: { p50: number | null; p99: number | null }; cpuUsPerReading: number }> {
  log(`baseline: the same generator and ${DEVICES} devices against bare aedes at up to ${BARE_RATE}/s for ${STEP_SECONDS} s…`);
  return withAedes({}, async (mqttUrl) => {
    const gen = await LoadGenerator.start({ mqttUrl, devices: DEVICES, runId: 'bare', faultEvery: FAULT_EVERY, window: WINDOW }, { onTrigger: () => undefined, log: (l) => log(`  ${l}`) });
    stoppers.push(() => gen.kill());
    const cpu = process.cpuUsage();
    const { report, cpuMs } = await gen.step(BARE_RATE, STEP_SECONDS);
    const used = process.cpuUsage(cpu);
    await gen.end();
    return {
      ackedPerSec: report.achieved.steadyAckedPerSec,
      pubackMs: { p50: report.latencyMs.p50, p99: report.latencyMs.p99 },
      cpuUsPerReading: Math.round(((cpuMs + (used.user + used.system) / 1000) * 1000) / Math.max(1, report.totals.acked)),
    };
  });
}

async function main(): Promise<void> {
  if (!E2E_MODES.includes(MODE)) throw new Error(`BENCH_E2E_MODE must be ${E2E_MODES.join(' or ')}, not ${MODE}`);
  setLogLevel('warn');
  const work = mkdtempSync(join(tmpdir(), 'tsunagu-e2e-'));
  // embedded PostgreSQL runs as its own OS user when we are root: it must reach the folder
  chmodSync(work, 0o755);
  stoppers.push(() => rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }));
  const kafka = await benchKafka(work, log);
  stoppers.push(() => kafka.stop());
  const bare = await bareAedes();
  log(`bare aedes: ${Math.round(bare.ackedPerSec)} msg/s`);

  // a fleet of DEVICES at the highest rate sends more per device than the broker's default limit (50/s) lets one device send:
  // the limit stays on (its cost is in the path), set to twice the highest rate's share of one device
  const devicePublishRate = 2 * Math.ceil(Math.max(FIXED_RATE ?? 0, ...RATES) / DEVICES);
  log(`per-device publish limit: ${devicePublishRate}/s (DEVICE_PUBLISH_RATE), burst ${2 * devicePublishRate}`);
  const platform = await startPlatform(MODE, { workDir: work, kafkaBrokers: kafka.brokers, cpuProfileDir: process.env.BENCH_E2E_CPU_PROF, devicePublishRate, log });
  stoppers.push(() => platform.stop());
  const observer = await E2eObserver.open({ databaseUrl: platform.databaseUrl, kafkaBrokers: kafka.brokers, topicPrefix: platform.topicPrefix, pollMs: POLL_MS });
  stoppers.push(() => observer.close());
  let gen: LoadGenerator | null = null;
  /** the generator, started again (a new fleet) when a step killed the last one */
  const generator = async (): Promise<LoadGenerator> => {
    if (gen && !gen.gone) return gen;
    log(`provisioning ${DEVICES} machines through ${platform.apiUrl}…`);
    const started = await LoadGenerator.start(
      { mqttUrl: platform.mqttUrl, apiUrl: platform.apiUrl, token: ADMIN_TOKEN, devices: DEVICES, runId: `e2e${Date.now().toString(36)}`, faultEvery: FAULT_EVERY, window: WINDOW },
      { onTrigger: (id, at) => observer.expect(id, at), log: (l) => log(`  ${l}`) },
    );
    stoppers.push(() => started.kill());
    return (gen = started);
  };
  await generator();
  observer.start();

  const firstRate = FIXED_RATE ?? RATES[0]!;
  log(`warm-up: ${firstRate} readings/s for ${WARMUP_SECONDS} s (not counted)…`);
  const warmup = await runStep(await generator(), platform, observer, kafka.pid, firstRate, WARMUP_SECONDS);
  log(stepLine(warmup));
  const steps: Step[] = [];
  if (FIXED_RATE === null) {
    for (const rate of RATES) {
      log(`step: ${rate} readings/s for ${STEP_SECONDS} s…`);
      const step = await runStep(await generator(), platform, observer, kafka.pid, rate, STEP_SECONDS);
      steps.push(step);
      log(stepLine(step));
      if (!step.held) break;
    }
  }
  // the steady phase at the highest rate that held; a stall over its longer run (a GC pause, Kafka rolling a
  // segment) steps down to the next held rate, at most twice
  const heldRates = FIXED_RATE !== null ? [FIXED_RATE] : steps.filter((s) => s.held).map((s) => s.rate).reverse();
  const attempts: Step[] = [];
  for (const rate of (heldRates.length > 0 ? heldRates : [RATES[0]!]).slice(0, 3)) {
    log(`steady: ${rate} readings/s for ${SECONDS} s…`);
    platform.toggleProfile();
    const attempt = await runStep(await generator(), platform, observer, kafka.pid, rate, SECONDS);
    platform.toggleProfile();
    attempts.push(attempt);
    log(stepLine(attempt));
    if (attempt.keptUp) break;
  }
  const steady = attempts.at(-1)!;
  await (gen as LoadGenerator | null)?.end();

  // what the platform carried end to end at the offered rate, when the consumers kept up with it (else unknown: 0)
  const sustained = steady.keptUp ? Math.round(steady.ackedPerSec) : 0;
  const met = sustained >= TARGET.readingsPerSec && (steady.sor.observed.p99 ?? Infinity) <= TARGET.p99Ms;
  const entry = {
    measuredAt: new Date().toISOString(),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    mode: MODE,
    devices: DEVICES,
    window: WINDOW,
    faultEvery: FAULT_EVERY,
    pollMs: POLL_MS,
    warmup: { rate: warmup.rate, seconds: warmup.seconds, ackedPerSec: warmup.ackedPerSec },
    steps,
    steady,
    /** every steady run, the last one reported (earlier ones did not keep up) */
    steadyAttempts: attempts,
    sustainedReadingsPerSec: sustained,
    bareAedes: bare,
    ratio: Math.round((sustained / Math.max(1, bare.ackedPerSec)) * 1000) / 1000,
    target: { ...TARGET, met },
  };
  const file = join(__dirname, 'reports', 'e2e.json');
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { modes?: Record<string, unknown> }).modes : undefined;
  writeReport('e2e', { modes: { ...previous, [MODE]: entry } });
  const cpu = Object.entries(steady.cpuUsPerReading)
    .map(([k, v]) => `${k} ${v ?? '–'}`)
    .join(', ');
  process.stdout.write(
    [
      '',
      `end-to-end benchmark (${MODE}): ${DEVICES} machines, a coolant finding every ${FAULT_EVERY} readings per device, node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
      ...steps.map((s) => `  step   ${stepLine(s)}`),
      ...attempts.map((a) => `  steady ${stepLine(a)}`),
      `sustained: ${sustained} readings/s end to end; publish → SoR record p50 ${steady.sor.observed.p50} ms, p99 ${steady.sor.observed.p99} ms (seen by a poll every ${POLL_MS} ms; by the record's received_at p50 ${steady.sor.stored.p50}, p99 ${steady.sor.stored.p99} ms)`,
      `baseline (same run): generator → bare aedes ${Math.round(bare.ackedPerSec)} msg/s; ratio ${(entry.ratio * 100).toFixed(0)} %; ingest PUBACK at the same load p50 ${steady.pubackMs.p50} ms, p99 ${steady.pubackMs.p99} ms`,
      `CPU µs per reading: ${cpu}`,
      `target ≥ ${TARGET.readingsPerSec} readings/s with p99 ≤ ${TARGET.p99Ms} ms: ${met ? 'met' : 'not met'}`,
      `report: ${file}`,
      '',
    ].join('\n'),
  );
}

process.once('uncaughtException', (err) => {
  process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
  void stopAll().finally(() => process.exit(1));
});
// `on`, not `once`: the Kafka broker's own handler re-raises the signal (default: terminate) once it is the last listener
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping everything this bench started…`);
    void stopAll().finally(() => process.exit(130));
  });
}

main()
  .then(stopAll)
  .then(
    () => process.exit(0),
    async (err: Error) => {
      if (!stopping) process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
      await stopAll();
      process.exit(stopping ? 130 : 1);
    },
  );
