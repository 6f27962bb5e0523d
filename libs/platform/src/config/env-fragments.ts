import { z } from 'zod';
import { LOG_LEVELS } from '../logging/logger';

/** Environment fragments shared by the apps; each app composes the ones it needs. */

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** comma-separated list, trimmed, empty entries dropped; unset stays undefined */
const list = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined));

export const envTypes = { port, positiveInt, bool, list };

export const SECURITY_PROFILES = ['development', 'production'] as const;
export type SecurityProfile = (typeof SECURITY_PROFILES)[number];

export const baseEnv = z.object({
  /** debug | info | warn | error | silent */
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** address the HTTP and MQTT listeners bind to; loopback unless opened on purpose */
  BIND_HOST: z.string().min(1).default('127.0.0.1'),
  /** REST API port; unset: the service's own default (`SERVICE_HTTP_PORTS`: 3000 for the all-in-one process, 3001 ingest broker, 3010 operation analysis … 3090 telemetry history; see the README's service table), so services side by side on one host do not collide */
  HTTP_PORT: port.optional(),
  /**
   * API tokens as `role:token` pairs, comma separated (roles: admin, operator,
   * maintenance, callcentre, trading, dispatch, publisher, monitor: /metrics and /health details). Unset in the all-in-one process:
   * an admin token is generated and written to `<DATA_DIR>/api-tokens` (mode 0600).
   */
  API_TOKENS: z.string().optional(),
  /**
   * shared by the gateway and the services behind it (at least 32 characters): the
   * gateway signs the operator it resolved from a session with it, and a service
   * accepts such a principal only when it holds the same key; unset: none accepted
   */
  GATEWAY_PRINCIPAL_SECRET: z.string().min(32).optional(),
  /** where embedded state lives (embedded PostgreSQL data, generated tokens) */
  DATA_DIR: z.string().min(1).default('.data'),
  /** development | production: production checks every security rule at start-up and refuses to start on a violation (`npm run security:check` lists them); the container image sets production */
  TSUNAGU_PROFILE: z.enum(SECURITY_PROFILES).default('development'),
  /** production rules waived on purpose, as `rule-id:reason` pairs, comma separated (the reason is logged at every start) */
  SECURITY_WAIVERS: list,
  /** PEM certificate chain: the REST API is served over HTTPS (set with HTTP_TLS_KEY_FILE) */
  HTTP_TLS_CERT_FILE: z.string().min(1).optional(),
  /** PEM private key of the HTTPS listener */
  HTTP_TLS_KEY_FILE: z.string().min(1).optional(),
  /** true: plain HTTP is only reached through a TLS-terminating proxy in front of this process (declared, so the production profile accepts it) */
  HTTP_TLS_PROXY: bool.default(false),
});

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

export const kafkaEnv = z.object({
  /** comma-separated `host:port`; unset in the all-in-one process means the durable PostgreSQL bus (a log in its database) */
  KAFKA_BROKERS: list,
  /** connect to Kafka over TLS */
  KAFKA_SSL: bool.default(false),
  /** PEM CA bundle the Kafka brokers' certificates are checked against; unset: the system's CAs */
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  /** PEM client certificate for Kafka (mutual TLS; set with KAFKA_SSL_KEY_FILE) */
  KAFKA_SSL_CERT_FILE: z.string().min(1).optional(),
  /** PEM private key of the Kafka client certificate */
  KAFKA_SSL_KEY_FILE: z.string().min(1).optional(),
  /** SASL mechanism for Kafka: plain | scram-sha-256 | scram-sha-512; unset: no SASL */
  KAFKA_SASL_MECHANISM: z.enum(KAFKA_SASL_MECHANISMS).optional(),
  /** SASL user name */
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  /** SASL password (never logged) */
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  /** Kafka client id prefix (the service name is appended) */
  KAFKA_CLIENT_ID: z.string().min(1).default('tsunagu'),
  /** partitions for topics the platform creates */
  KAFKA_TOPIC_PARTITIONS: positiveInt.default(3),
  /** replication factor of topics the platform creates (3 on a production cluster) */
  KAFKA_REPLICATION_FACTOR: positiveInt.default(1),
  /** max records per produce request */
  KAFKA_BATCH_MAX_MESSAGES: positiveInt.default(1000),
  /** ms a record may wait for others to share its produce request */
  KAFKA_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(2),
  /**
   * produce requests in flight at once: independent idempotent producers, one request
   * each; a key always takes the same one, so per-key order holds
   */
  KAFKA_PRODUCER_LANES: z.coerce.number().int().min(1).max(32).default(1),
  /** prefix for every topic name (lets tests and tenants share a cluster) */
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  /**
   * ms without a heartbeat before Kafka gives a consumer's partitions to the others of
   * its group (a killed instance's partitions wait this long; heartbeats every tenth)
   */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).max(300_000).default(30_000),
});

export const databaseEnv = z.object({
  /** postgres://user:pass@host:port/db; unset in the all-in-one process means embedded PostgreSQL. TLS: `?sslmode=verify-full&sslrootcert=/path/ca.pem` (the production profile requires verify-full or verify-ca) */
  DATABASE_URL: z.string().url().optional(),
  /** port of the embedded PostgreSQL (all-in-one process only) */
  EMBEDDED_PG_PORT: port.default(5433),
  /** ms a database health probe may take */
  DATABASE_HEALTH_TIMEOUT_MS: positiveInt.default(2000),
});

/** The service kernel: publishing, the outbox, consumers. */
export const kernelEnv = z.object({
  /** check every published value against its topic's schema (true in development and tests; false saves CPU) */
  PUBLISH_VALIDATION: bool.default(true),
  /** false: this instance writes its outbox but leaves relaying it to the other instances (or its next start) */
  OUTBOX_RELAY: bool.default(true),
  /** ms between outbox polls for records no commit kicked (left by a crash or by another instance) */
  OUTBOX_POLL_MS: positiveInt.default(1000),
  /** records per outbox relay transaction */
  OUTBOX_BATCH: positiveInt.default(500),
  /** attempts of a record whose handling keeps failing (not for a transient reason) before it is dead-lettered */
  CONSUMER_MAX_ATTEMPTS: positiveInt.default(3),
  /** ms a partition may keep failing before /health reports the consumer stalled */
  CONSUMER_STALLED_AFTER_MS: positiveInt.default(30000),
});

export type BaseEnv = z.infer<typeof baseEnv>;
export type KafkaEnv = z.infer<typeof kafkaEnv>;
export type DatabaseEnv = z.infer<typeof databaseEnv>;
export type KernelEnv = z.infer<typeof kernelEnv>;
