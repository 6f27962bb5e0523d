/**
 * The simulators' command line:
 *   simulate fleet    [--machines N --vehicles M --interval-ms 1000 --duration-sec 0]
 *   simulate scenario <file.json> [--speed 30 --out ground-truth.json --score --wait-sec 60]
 *   simulate score    --ground-truth <file> [--wait-sec 0 --json]
 *   simulate load     [--devices 10 --rate 200 --ramp-sec 2 --duration-sec 10 | --count N] [--allow-remote]
 * Every flag has an environment variable (see cli.config.ts); SIM_API_TOKEN holds the token.
 * Exit codes: 0 done, 1 the run failed (platform unreachable, …), 2 bad input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { TOPICS } from '@tsunagu/contracts';
import { setLogLevel } from '@tsunagu/platform/logging/logger';
import { KafkaBus } from '@tsunagu/platform/messaging/kafka-bus';
import { SIM_BOOLEAN_FLAGS, SIM_FLAGS, loadSimulatorConfig, type SimulatorConfig } from './cli.config';
import { runLoad } from './load/load-runner';
import { LoadTargetError } from './load/load-target';
import { MACHINE_MODEL_IDS, VEHICLE_MODEL_IDS } from './models/catalogue';
import { PlatformApiClient, PlatformApiError } from './platform/platform-api.client';
import { GroundTruthError, readGroundTruth } from './scenario/ground-truth';
import { runScenario } from './scenario/scenario.runner';
import { loadScenarioFile, parseScenario, ScenarioError, type Scenario } from './scenario/scenario.schema';
import { restFindingsSources } from './score/rest-findings-sources';
import { scoreGroundTruth } from './score/score.runner';
import { formatScoreTable } from './score/scorer';
import { BusPriceSink, HttpPriceSink, type PriceSink } from './social/price.sink';

const COMMANDS = ['fleet', 'scenario', 'score', 'load'] as const;
type Command = (typeof COMMANDS)[number];

class UsageError extends Error {}

function usage(): string {
  const flags = Object.entries(SIM_FLAGS)
    .map(([flag, variable]) => `  --${flag.padEnd(20)} ${variable}`)
    .join('\n');
  return `usage: simulate <${COMMANDS.join('|')}> [args] [flags]\n${flags}\n`;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      ...Object.fromEntries(Object.keys(SIM_FLAGS).map((f) => [f, { type: SIM_BOOLEAN_FLAGS.has(f) ? ('boolean' as const) : ('string' as const) }])),
      help: { type: 'boolean' },
    },
  });
  const command = positionals[0] as Command | undefined;
  if (values.help || !command) {
    process.stdout.write(usage());
    return values.help ? 0 : 2;
  }
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command "${command}"`);
  const flags = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v])) as Record<string, string | undefined>;
  const config = loadSimulatorConfig(flags);
  setLogLevel(config.LOG_LEVEL);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());

  switch (command) {
    case 'fleet':
      return runScenarioCommand(config, fleetScenario(config), controller.signal);
    case 'scenario': {
      const file = positionals[1];
      if (!file) throw new UsageError('scenario: which file? (simulate scenario <file.json>)');
      const scenario = loadScenarioFile(file);
      return runScenarioCommand(config, config.SIM_SPEED ? { ...scenario, speed: config.SIM_SPEED } : scenario, controller.signal);
    }
    case 'score': {
      if (!config.SIM_GROUND_TRUTH) throw new UsageError('score: which run? (--ground-truth <file>)');
      return scoreCommand(config, config.SIM_GROUND_TRUTH, controller.signal);
    }
    case 'load': {
      if (!config.SIM_API_TOKEN) throw new UsageError('load: an admin token is needed to provision the load devices (SIM_API_TOKEN or --token)');
      const report = await runLoad({
        mqttUrl: config.SIM_MQTT_URL,
        allowRemote: config.SIM_ALLOW_REMOTE,
        caFile: config.SIM_CA_FILE,
        api: apiOf(config),
        devices: config.SIM_LOAD_DEVICES,
        targetRate: config.SIM_LOAD_RATE,
        rampSec: config.SIM_LOAD_RAMP_SEC,
        durationSec: config.SIM_DURATION_SEC || (config.SIM_LOAD_COUNT ? undefined : 10),
        count: config.SIM_LOAD_COUNT || undefined,
        maxInFlightPerDevice: config.SIM_LOAD_MAX_IN_FLIGHT,
        signal: controller.signal,
      });
      const json = JSON.stringify(report, null, 2);
      if (config.SIM_OUT) writeFile(config.SIM_OUT, json);
      process.stdout.write(json + '\n');
      return 0;
    }
  }
}

function apiOf(config: SimulatorConfig): PlatformApiClient {
  if (!config.SIM_API_TOKEN) throw new UsageError('an API token is needed (SIM_API_TOKEN or --token)');
  return new PlatformApiClient({ baseUrl: config.SIM_API_URL, token: config.SIM_API_TOKEN });
}

/** `fleet`: a scenario without events, in real time. */
function fleetScenario(config: SimulatorConfig): Scenario {
  const spread = (n: number, models: readonly string[]) =>
    models.map((model, i) => ({ model, count: Math.floor(n / models.length) + (i < n % models.length ? 1 : 0) })).filter((g) => g.count > 0);
  return parseScenario(
    {
      name: 'fleet',
      durationSec: config.SIM_DURATION_SEC || 7 * 86_400,
      tickSec: config.SIM_INTERVAL_MS / 1000,
      speed: 1,
      seed: config.SIM_SEED,
      startAt: new Date().toISOString(),
      fleet: { machines: spread(config.SIM_MACHINES, MACHINE_MODEL_IDS), vehicles: spread(config.SIM_VEHICLES, VEHICLE_MODEL_IDS) },
      social: {
        chatterPerMin: config.SIM_CHATTER_PER_MIN,
        priceTickers: config.SIM_PRICE_TICKERS.split(',').map((t) => t.trim()).filter(Boolean),
      },
    },
    'fleet settings',
  );
}

async function runScenarioCommand(config: SimulatorConfig, scenario: Scenario, signal: AbortSignal): Promise<number> {
  const api = apiOf(config);
  let bus: KafkaBus | null = null;
  // prices go straight to Kafka when the simulator is given brokers, else through the platform's POST /prices
  let priceSink: PriceSink = new HttpPriceSink(api);
  if (config.SIM_KAFKA_BROKERS) {
    bus = new KafkaBus({ brokers: config.SIM_KAFKA_BROKERS.split(','), clientId: 'tsunagu-simulators', topicPrefix: config.SIM_KAFKA_TOPIC_PREFIX });
    await bus.ensureTopics([TOPICS.prices]);
    priceSink = new BusPriceSink(bus);
  }
  try {
    const runId = `sim-${Date.now().toString(36)}`;
    const groundTruthFile = config.SIM_OUT ?? path.join(config.SIM_DATA_DIR, runId, 'ground-truth.json');
    const truth = await runScenario({
      scenario,
      runId,
      mqttUrl: config.SIM_MQTT_URL,
      api,
      caFile: config.SIM_CA_FILE,
      dataDir: path.join(config.SIM_DATA_DIR, runId),
      priceSink,
      groundTruthFile,
      signal,
    });
    process.stdout.write(`ground truth: ${groundTruthFile} (${truth.injections.length} injections, ${truth.stats.telemetryAcked}/${truth.stats.telemetryQueued} readings acked)\n`);
    if (config.SIM_SCORE) return scoreCommand(config, groundTruthFile, signal);
    return 0;
  } finally {
    await bus?.close();
  }
}

async function scoreCommand(config: SimulatorConfig, file: string, signal: AbortSignal): Promise<number> {
  const truth = readGroundTruth(file);
  const report = await scoreGroundTruth({ truth, sources: restFindingsSources(apiOf(config)), waitSec: config.SIM_WAIT_SEC, signal });
  const reportFile = path.join(path.dirname(file), 'score.json');
  writeFile(reportFile, JSON.stringify(report, null, 2));
  process.stdout.write(config.SIM_JSON ? JSON.stringify(report, null, 2) + '\n' : formatScoreTable(report) + `\nreport: ${reportFile}\n`);
  return 0;
}

function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text + '\n');
}

const INPUT_ERRORS = [UsageError, ScenarioError, GroundTruthError, LoadTargetError, RangeError];

if (require.main === module) {
  main(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((err: unknown) => {
      const e = err as Error & { code?: string };
      const input = INPUT_ERRORS.some((cls) => err instanceof cls) || e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || /invalid configuration/.test(e.message);
      const known = input || err instanceof PlatformApiError;
      process.stderr.write(`simulate: ${known ? e.message : `${e.name}: ${e.message}`}\n`);
      if (input) process.stderr.write(usage());
      process.exit(input ? 2 : 1);
    });
}

export { main as simulatorMain };
