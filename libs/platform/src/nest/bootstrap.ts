import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { z } from 'zod';
import { baseEnv, databaseEnv, kafkaEnv, kernelEnv, type BaseEnv, type KafkaEnv } from '../config/env-fragments';
import { validateAll } from '../config/service-config';
import { kernelSettingsFromEnv } from '../kernel/kernel-settings';
import { envSchemasOf, securityRulesOf } from '../service/service-module';
import { PLATFORM_SECURITY_RULES } from '../security/platform-security.rules';
import { generatedOnce } from '../security/secret-key-file';
import { enforceSecurityProfile } from '../security/security-rule';
import { httpsOptionsOf, kafkaSecurityOf } from '../security/transport-tls';
import { loadConfig } from '../config/load-config';
import { ConfigError } from '../errors/tsunagu.error';
import { parseApiTokens, type ApiRole } from '../http/api-tokens';
import { createLogger, setLogLevel } from '../logging/logger';
import { NestLoggerAdapter } from '../logging/nest-logger.adapter';
import { PostgresBus } from '../messaging/postgres-bus';
import { KafkaBus } from '../messaging/kafka-bus';
import type { MessageBus } from '../messaging/message-bus';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../database/embedded-postgres';
import { PlatformCoreModule } from './platform-core.module';
import { SERVICE_HTTP_PORTS } from './service-ports.constants';

export const serviceEnv = baseEnv.extend(kafkaEnv.shape).extend(databaseEnv.shape).extend(kernelEnv.shape);
export type ServiceEnv = z.infer<typeof serviceEnv>;

export function createKafkaBus(env: KafkaEnv, brokers: readonly string[], clientId = env.KAFKA_CLIENT_ID, readFile: (path: string) => Buffer = (path) => readFileSync(path)): KafkaBus {
  return new KafkaBus({
    ...kafkaSecurityOf(env, readFile),
    brokers,
    clientId,
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
    partitions: env.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: env.KAFKA_REPLICATION_FACTOR,
    maxBatch: env.KAFKA_BATCH_MAX_MESSAGES,
    lingerMs: env.KAFKA_LINGER_MS,
    producerLanes: env.KAFKA_PRODUCER_LANES,
    sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
  });
}

/**
 * API tokens from API_TOKENS; when unset (all-in-one demo), an admin token is
 * generated once and kept in `<DATA_DIR>/api-tokens` (mode 0600): its path is
 * logged, never the token. The production profile never generates one (its rule
 * `api-tokens-configured` refuses the start; waived, no token opens the API).
 */
export function resolveApiTokens(env: BaseEnv, allowGenerated: boolean): ReadonlyMap<string, ApiRole> {
  if (env.API_TOKENS) return parseApiTokens(env.API_TOKENS);
  if (env.TSUNAGU_PROFILE === 'production') return new Map();
  if (!allowGenerated) throw new ConfigError('invalid configuration: API_TOKENS: required (role:token pairs)');
  const tokens = generatedOnce(env.DATA_DIR, 'api-tokens', () => `admin:${randomBytes(24).toString('base64url')}`, 'API_TOKENS not set: generated an admin token');
  return parseApiTokens(tokens.split('\n').join(','));
}

export interface ServiceRuntime {
  readonly env: ServiceEnv;
  readonly bus: MessageBus;
  readonly databaseUrl: string;
  /** true when the database is the embedded PostgreSQL this process started */
  readonly embeddedDatabase: boolean;
  readonly apiTokens: ReadonlyMap<string, ApiRole>;
  close(): Promise<void>;
}

/**
 * Builds the shared runtime from the environment. `embedded` (the all-in-one
 * process) allows the in-process bus and an embedded PostgreSQL when
 * KAFKA_BROKERS / DATABASE_URL are unset; a standalone service requires both.
 */
export async function createRuntime(serviceName: string, options: { embedded: boolean }): Promise<ServiceRuntime> {
  const env = loadConfig(serviceEnv);
  setLogLevel(env.LOG_LEVEL);
  const logger = createLogger('bootstrap');
  if (!options.embedded) {
    const missing = [!env.KAFKA_BROKERS && 'KAFKA_BROKERS', !env.DATABASE_URL && 'DATABASE_URL'].filter(Boolean);
    if (missing.length > 0) throw new ConfigError(`invalid configuration: ${missing.map((m) => `${m}: required`).join('; ')}`);
  }
  // file and option problems (a certificate without its key) stop the start before anything runs
  kafkaSecurityOf(env, (path) => readFileSync(path));
  const apiTokens = resolveApiTokens(env, options.embedded);
  let pg: EmbeddedPostgresHandle | null = null;
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    pg = await startEmbeddedPostgres({ dataDir: resolve(env.DATA_DIR, 'postgres'), port: env.EMBEDDED_PG_PORT });
    databaseUrl = pg.url;
  }
  // without Kafka (the all-in-one process), a durable log in PostgreSQL: a PUBACK means the reading is on disk
  const bus: MessageBus = env.KAFKA_BROKERS
    ? createKafkaBus(env, env.KAFKA_BROKERS, `${env.KAFKA_CLIENT_ID}-${serviceName}`)
    : await PostgresBus.open({ url: databaseUrl, partitions: env.KAFKA_TOPIC_PARTITIONS, lingerMs: env.KAFKA_LINGER_MS, maxBatch: env.KAFKA_BATCH_MAX_MESSAGES });
  logger.info('runtime ready', { service: serviceName, bus: bus.kind, database: pg ? 'embedded' : 'external' });
  return {
    env,
    bus,
    databaseUrl,
    embeddedDatabase: pg !== null,
    apiTokens,
    close: async () => {
      await bus.close();
      await pg?.stop();
    },
  };
}

/** Wraps feature modules with the platform core into one root module. */
export function rootModule(serviceName: string, runtime: ServiceRuntime, features: ReadonlyArray<Type | DynamicModule>): Type {
  @Module({
    imports: [
      PlatformCoreModule.forRoot({
        serviceName,
        bus: runtime.bus,
        databaseUrl: runtime.databaseUrl,
        apiTokens: runtime.apiTokens,
        gatewaySecret: runtime.env.GATEWAY_PRINCIPAL_SECRET ?? null,
        settings: kernelSettingsFromEnv(runtime.env),
        onShutdown: () => runtime.close(),
      }),
      ...features,
    ],
  })
  class RootModule {}
  return RootModule;
}

/**
 * Starts a Nest HTTP app for a service: JSON logs, shutdown hooks (SIGTERM drains
 * and closes the bus and database), listening on BIND_HOST:HTTP_PORT.
 */
export async function bootstrapService(
  serviceName: string,
  features: (runtime: ServiceRuntime) => ReadonlyArray<Type | DynamicModule>,
  options: { embedded: boolean; defaultHttpPort?: number } = { embedded: false },
): Promise<INestApplication> {
  const logger = createLogger('bootstrap');
  try {
    const runtime = await createRuntime(serviceName, options);
    let httpsOptions: ReturnType<typeof httpsOptionsOf>;
    const modules = await Promise.resolve()
      .then(() => features(runtime))
      // every mounted service's environment, validated together before anything starts
      .then((m) => (validateAll(envSchemasOf(m)), m))
      // the security profile: every rule as code, checked before anything listens
      .then(async (m) => {
        httpsOptions = httpsOptionsOf(runtime.env, (path) => readFileSync(path));
        await enforceSecurityProfile([...PLATFORM_SECURITY_RULES, ...securityRulesOf(m)], {
          env: process.env,
          databaseUrl: runtime.databaseUrl,
          embeddedDatabase: runtime.embeddedDatabase,
        });
        return m;
      })
      .catch(async (err: unknown) => {
        await runtime.close();
        throw err;
      });
    const app = await NestFactory.create(rootModule(serviceName, runtime, modules), { logger: new NestLoggerAdapter(), httpsOptions });
    app.enableShutdownHooks();
    // do not advertise the framework
    (app.getHttpAdapter().getInstance() as { disable(name: string): void }).disable('x-powered-by');
    const port = runtime.env.HTTP_PORT ?? options.defaultHttpPort ?? SERVICE_HTTP_PORTS.tsunagu;
    await app.listen(port, runtime.env.BIND_HOST);
    logger.info('http listening', { service: serviceName, host: runtime.env.BIND_HOST, port, tls: httpsOptions ? 'https' : runtime.env.HTTP_TLS_PROXY ? 'proxy' : 'off' });
    return app;
  } catch (err) {
    logger.error('start-up failed', { service: serviceName, error: err as Error });
    if (err instanceof ConfigError) process.exitCode = 78; // EX_CONFIG
    throw err;
  }
}
