import { z } from 'zod';
import { loadConfigWithFlags } from '@tsunagu/platform/config/load-config';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Settings of the simulators' CLI. Each is an environment variable; the flag in
 * brackets wins over it. The API token is better given as SIM_API_TOKEN.
 */
export const simulatorEnv = z.object({
  /** [--mqtt-url] the platform's MQTT address (mqtts:// for TLS) */
  SIM_MQTT_URL: z.string().regex(/^mqtts?:\/\/[^/]+/, 'an mqtt:// or mqtts:// URL').default('mqtt://127.0.0.1:1883'),
  /** [--api-url] the platform's REST address */
  SIM_API_URL: z.string().url().default('http://127.0.0.1:3000'),
  /** [--token] bearer token: admin to provision devices; a reading role is enough for `score` */
  SIM_API_TOKEN: z.string().min(1).optional(),
  /** [--ca-file] PEM of the broker's CA (mqtts only) */
  SIM_CA_FILE: z.string().min(1).optional(),
  /** [--data-dir] ground truths, reports and device outboxes go below it */
  SIM_DATA_DIR: z.string().min(1).default('.data/simulations'),
  /** [--kafka-brokers] comma-separated host:port; prices are published there when set */
  SIM_KAFKA_BROKERS: z.string().min(1).optional(),
  /** [--kafka-topic-prefix] prefix of the platform's topic names */
  SIM_KAFKA_TOPIC_PREFIX: z.string().default(''),
  /** [--seed] */
  SIM_SEED: int(-2_147_483_648, 2_147_483_647).default(1),
  /** fleet: [--machines] [--vehicles] devices, [--interval-ms] ms between readings, [--duration-sec] 0 = until stopped */
  SIM_MACHINES: int(0, 10_000).default(4),
  SIM_VEHICLES: int(0, 10_000).default(4),
  SIM_INTERVAL_MS: int(100, 3_600_000).default(1000),
  SIM_DURATION_SEC: z.coerce.number().min(0).default(0),
  /** fleet: [--chatter-per-min] background tweets per minute; [--price-tickers] comma-separated tickers with a price feed */
  SIM_CHATTER_PER_MIN: z.coerce.number().min(0).default(0),
  SIM_PRICE_TICKERS: z.string().default(''),
  /** scenario: [--speed] simulated seconds per wall second (overrides the file); [--out] ground-truth file */
  SIM_SPEED: z.coerce.number().positive().optional(),
  SIM_OUT: z.string().min(1).optional(),
  /** scenario: [--score] score right after the run; score: [--wait-sec] poll the record systems this long */
  SIM_SCORE: bool.default(false),
  SIM_WAIT_SEC: z.coerce.number().min(0).default(0),
  /** score: [--ground-truth] file; [--json] print the JSON report instead of the table */
  SIM_GROUND_TRUTH: z.string().min(1).optional(),
  SIM_JSON: bool.default(false),
  /** load: [--devices] connections, [--rate] target msg/s, [--ramp-sec], [--count] (or --duration-sec), [--max-in-flight] per device */
  SIM_LOAD_DEVICES: int(1, 100_000).default(10),
  SIM_LOAD_RATE: z.coerce.number().positive().default(200),
  SIM_LOAD_RAMP_SEC: z.coerce.number().min(0).default(2),
  SIM_LOAD_COUNT: int(0, 1_000_000_000).default(0),
  SIM_LOAD_MAX_IN_FLIGHT: int(1, 100_000).default(1000),
  /** load: [--allow-remote] target a non-loopback address (never the default) */
  SIM_ALLOW_REMOTE: bool.default(false),
  /** debug | info | warn | error | silent */
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});
export type SimulatorConfig = z.infer<typeof simulatorEnv>;

export const SIM_FLAGS: Record<string, keyof SimulatorConfig> = {
  'mqtt-url': 'SIM_MQTT_URL',
  'api-url': 'SIM_API_URL',
  token: 'SIM_API_TOKEN',
  'ca-file': 'SIM_CA_FILE',
  'data-dir': 'SIM_DATA_DIR',
  'kafka-brokers': 'SIM_KAFKA_BROKERS',
  'kafka-topic-prefix': 'SIM_KAFKA_TOPIC_PREFIX',
  seed: 'SIM_SEED',
  machines: 'SIM_MACHINES',
  vehicles: 'SIM_VEHICLES',
  'interval-ms': 'SIM_INTERVAL_MS',
  'duration-sec': 'SIM_DURATION_SEC',
  'chatter-per-min': 'SIM_CHATTER_PER_MIN',
  'price-tickers': 'SIM_PRICE_TICKERS',
  speed: 'SIM_SPEED',
  out: 'SIM_OUT',
  score: 'SIM_SCORE',
  'wait-sec': 'SIM_WAIT_SEC',
  'ground-truth': 'SIM_GROUND_TRUTH',
  json: 'SIM_JSON',
  devices: 'SIM_LOAD_DEVICES',
  rate: 'SIM_LOAD_RATE',
  'ramp-sec': 'SIM_LOAD_RAMP_SEC',
  count: 'SIM_LOAD_COUNT',
  'max-in-flight': 'SIM_LOAD_MAX_IN_FLIGHT',
  'allow-remote': 'SIM_ALLOW_REMOTE',
  'log-level': 'LOG_LEVEL',
};

export const SIM_BOOLEAN_FLAGS = new Set(['score', 'json', 'allow-remote']);

/** Flags over environment; the error names the variable and its flag. */
export function loadSimulatorConfig(flags: Record<string, string | undefined>, env?: Record<string, string | undefined>): SimulatorConfig {
  return loadConfigWithFlags(simulatorEnv, SIM_FLAGS, flags, env);
}
