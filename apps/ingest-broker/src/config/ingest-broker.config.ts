import { z } from 'zod';
import { ConfigError, envTypes, serverKeyOf, type BaseEnv } from '@tsunagu/platform';

/** Ingest-broker settings (environment variables; defaults for a laptop). */
export const ingestBrokerEnv = z.object({
  /** MQTT over TCP port (0 = any free port) */
  MQTT_PORT: envTypes.port.default(1883),
  /** serve plain MQTT over TCP on MQTT_PORT; false: devices connect over TLS only (the production profile requires false) */
  MQTT_PLAINTEXT: envTypes.bool.default(true),
  /** MQTT over WebSocket port; 0 disables the WebSocket listener. Served over TLS (wss) with the MQTT TLS certificate when one is configured */
  MQTT_WS_PORT: envTypes.port.default(8083),
  /** origins a browser WebSocket may connect from (exact `scheme://host[:port]`, comma separated); unset: any origin (the production profile requires a list) */
  MQTT_WS_ALLOWED_ORIGINS: envTypes.list,
  /** MQTT over TLS port; the listener starts only when MQTT_TLS_CERT_FILE and MQTT_TLS_KEY_FILE are set */
  MQTT_TLS_PORT: envTypes.port.default(8883),
  /** PEM certificate chain for MQTT over TLS */
  MQTT_TLS_CERT_FILE: z.string().min(1).optional(),
  /** PEM private key for MQTT over TLS */
  MQTT_TLS_KEY_FILE: z.string().min(1).optional(),
  /** PEM CA of device certificates: the TLS listener asks for a client certificate, and a device whose certificate this CA issued with CN = its device id connects without a password */
  MQTT_TLS_CLIENT_CA_FILE: z.string().min(1).optional(),
  /** largest telemetry payload accepted, bytes; larger ones are dead-lettered */
  MQTT_MAX_PAYLOAD_BYTES: envTypes.positiveInt.default(64 * 1024),
  /** largest MQTT packet read at all, bytes; a client announcing a bigger one is disconnected before it is buffered (must exceed MQTT_MAX_PAYLOAD_BYTES) */
  MQTT_MAX_PACKET_BYTES: envTypes.positiveInt.default(1024 * 1024),
  /** records the broker may hold waiting for Kafka before it refuses new connections */
  INGEST_MAX_PENDING: envTypes.positiveInt.default(100_000),
  /** aedes: max concurrent deliveries through the internal emitter */
  MQTT_CONCURRENCY: envTypes.positiveInt.default(1000),
  /** failed CONNECTs from one address within a minute before it is refused for AUTH_BLOCK_MS without a password check; 0 turns this off */
  AUTH_MAX_FAILURES_PER_MINUTE: z.coerce.number().int().min(0).default(20),
  /** ms an address stays refused after too many failed CONNECTs */
  AUTH_BLOCK_MS: envTypes.positiveInt.default(60_000),
  /** addresses of TCP load balancers that send the PROXY protocol (v1) on the MQTT and MQTT-over-TLS listeners, comma separated: their connections must start with a PROXY line, whose client address the per-address limit and the audit use; unset: none trusted */
  MQTT_TRUSTED_PROXIES: envTypes.list,
  /** PUBLISHes per second one device may send on average (token bucket refill); a PUBLISH over it closes the session without PUBACK (the device resends later) and records `rate-limited`; 0 turns this off */
  DEVICE_PUBLISH_RATE: z.coerce.number().min(0).default(50),
  /** PUBLISHes one device may send at once above its rate (token bucket size) */
  DEVICE_PUBLISH_BURST: envTypes.positiveInt.default(500),
  /** successful CONNECTs per device per minute; more get CONNACK 3 (a reconnect loop cannot cost the registry); 0 turns this off */
  DEVICE_CONNECTS_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  /** ms a reading, tweet or price may be stamped ahead of the broker's clock; further ahead it is refused at the door (dead letter over MQTT, 400 over HTTP) */
  MAX_CLOCK_SKEW_MS: envTypes.positiveInt.default(300_000),
  /** this broker instance's id, the same across its restarts and different from its peers' (presence, dead letters); unset: `<service>@<hostname>:<MQTT_PORT>` */
  INGEST_INSTANCE_ID: z.string().min(1).max(200).optional(),
  /**
   * server-side key of the device secrets' hashes (HMAC-SHA-256), 32+ random characters (e.g. `openssl rand -base64 32`);
   * the same in every broker instance of one registry, and kept: a new key makes every stored hash unverifiable.
   * Unset outside the production profile: generated once into `<DATA_DIR>/device-secret-key` (mode 0600)
   */
  DEVICE_SECRET_KEY: z.string().min(32).optional(),
  /** ms a verified credential stays cached (a reconnect during a registry outage is still admitted) */
  AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).default(300_000),
  /** ms between two polls of the command and desired-state queues (expiry; delivery to devices connected here that another instance queued for) */
  DEVICE_COMMAND_POLL_MS: envTypes.positiveInt.default(1000),
});
export type IngestBrokerEnv = z.infer<typeof ingestBrokerEnv>;

export interface IngestBrokerOptions {
  readonly mqttPort: number;
  /** false: no plain MQTT listener (TLS only); default true */
  readonly plaintext?: boolean;
  /** 0 or undefined: no WebSocket listener (wss when `tls` is set) */
  readonly wsPort?: number;
  /** origins allowed on the WebSocket listener (the `Origin` header of a browser); undefined: any */
  readonly wsAllowedOrigins?: readonly string[];
  readonly host?: string;
  /** MQTT over TLS (mqtts): port and PEM certificate/key; undefined = no TLS listener */
  readonly tls?: { readonly port: number; readonly cert: Buffer; readonly key: Buffer; /** CA of device certificates (X.509 device authentication) */ readonly clientCa?: Buffer };
  readonly maxPayloadBytes?: number;
  /** largest MQTT packet read at all (Remaining Length), bytes; default max(1 MiB, 2 × maxPayloadBytes) */
  readonly maxPacketBytes?: number;
  readonly maxPending?: number;
  readonly concurrency?: number;
  readonly authCacheTtlMs?: number;
  /** failed CONNECTs per address per minute before it is blocked (0: never); default 20 */
  readonly authMaxFailuresPerMinute?: number;
  /** ms an address stays blocked; default 60 000 */
  readonly authBlockMs?: number;
  /** addresses of proxies whose PROXY protocol line names the client (see MQTT_TRUSTED_PROXIES) */
  readonly trustedProxies?: readonly string[];
  /** per-device PUBLISH rate (per second) and burst, successful CONNECTs per minute; 0 = off; undefined: off (the environment's defaults turn them on: 50, 500, 30) */
  readonly deviceLimits?: { readonly publishRate: number; readonly publishBurst: number; readonly connectsPerMinute: number };
  /** ms a record's own time may run ahead of the broker's clock; default 300 000 */
  readonly maxClockSkewMs?: number;
  /** stable id of this instance (see INGEST_INSTANCE_ID) */
  readonly instanceId?: string;
  /** ms between polls of the command and desired-state queues; default 1000 */
  readonly commandPollMs?: number;
  /** key of the device secrets' HMAC (see DEVICE_SECRET_KEY); undefined (tests, benchmarks): a random key for the life of the process, so hashes it made do not verify after a restart */
  readonly deviceSecretKey?: Buffer;
}

/** The file under DATA_DIR a generated DEVICE_SECRET_KEY is kept in. */
export const DEVICE_SECRET_KEY_FILE = 'device-secret-key';

/** Reads the TLS files named by the environment (once, at start-up). */
export function tlsOptionsOf(env: IngestBrokerEnv, readFile: (path: string) => Buffer): IngestBrokerOptions['tls'] {
  if (!env.MQTT_TLS_CERT_FILE && !env.MQTT_TLS_KEY_FILE) {
    if (env.MQTT_TLS_CLIENT_CA_FILE) throw new ConfigError('invalid configuration: MQTT_TLS_CLIENT_CA_FILE: needs MQTT_TLS_CERT_FILE and MQTT_TLS_KEY_FILE');
    return undefined;
  }
  if (!env.MQTT_TLS_CERT_FILE || !env.MQTT_TLS_KEY_FILE) {
    throw new ConfigError('invalid configuration: MQTT_TLS_CERT_FILE, MQTT_TLS_KEY_FILE: set both or neither');
  }
  return {
    port: env.MQTT_TLS_PORT,
    cert: readFile(env.MQTT_TLS_CERT_FILE),
    key: readFile(env.MQTT_TLS_KEY_FILE),
    ...(env.MQTT_TLS_CLIENT_CA_FILE ? { clientCa: readFile(env.MQTT_TLS_CLIENT_CA_FILE) } : {}),
  };
}

/** Module options from the environment (the service's main and the all-in-one process share this); `runtime` is the process's base environment. */
export function ingestOptionsFromEnv(
  env: IngestBrokerEnv,
  runtime: Pick<BaseEnv, 'BIND_HOST' | 'DATA_DIR' | 'TSUNAGU_PROFILE'>,
  readFile: (path: string) => Buffer,
): IngestBrokerOptions {
  if (!env.MQTT_PLAINTEXT && !env.MQTT_TLS_CERT_FILE) {
    throw new ConfigError('invalid configuration: MQTT_PLAINTEXT: false needs MQTT_TLS_CERT_FILE and MQTT_TLS_KEY_FILE (no listener would be left)');
  }
  if (env.MQTT_MAX_PACKET_BYTES <= env.MQTT_MAX_PAYLOAD_BYTES) {
    // an oversized payload must still be read to be dead-lettered with its reason
    throw new ConfigError('invalid configuration: MQTT_MAX_PACKET_BYTES: must be larger than MQTT_MAX_PAYLOAD_BYTES');
  }
  return {
    mqttPort: env.MQTT_PORT,
    plaintext: env.MQTT_PLAINTEXT,
    wsPort: env.MQTT_WS_PORT === 0 ? undefined : env.MQTT_WS_PORT,
    wsAllowedOrigins: env.MQTT_WS_ALLOWED_ORIGINS,
    host: runtime.BIND_HOST,
    tls: tlsOptionsOf(env, readFile),
    maxPayloadBytes: env.MQTT_MAX_PAYLOAD_BYTES,
    maxPacketBytes: env.MQTT_MAX_PACKET_BYTES,
    maxPending: env.INGEST_MAX_PENDING,
    concurrency: env.MQTT_CONCURRENCY,
    authCacheTtlMs: env.AUTH_CACHE_TTL_MS,
    authMaxFailuresPerMinute: env.AUTH_MAX_FAILURES_PER_MINUTE,
    authBlockMs: env.AUTH_BLOCK_MS,
    trustedProxies: env.MQTT_TRUSTED_PROXIES,
    deviceLimits: { publishRate: env.DEVICE_PUBLISH_RATE, publishBurst: env.DEVICE_PUBLISH_BURST, connectsPerMinute: env.DEVICE_CONNECTS_PER_MINUTE },
    maxClockSkewMs: env.MAX_CLOCK_SKEW_MS,
    instanceId: env.INGEST_INSTANCE_ID,
    commandPollMs: env.DEVICE_COMMAND_POLL_MS,
    deviceSecretKey: serverKeyOf({
      variable: 'DEVICE_SECRET_KEY',
      value: env.DEVICE_SECRET_KEY,
      profile: runtime.TSUNAGU_PROFILE,
      dataDir: runtime.DATA_DIR,
      fileName: DEVICE_SECRET_KEY_FILE,
    }),
  };
}

export const INGEST_OPTIONS = 'tsunagu.ingest-broker.options';
export const INGEST_SCHEMA = 'ingest' as const;
