import {
  Inject,
  Module,
  Injectable,
  type DynamicModule,
  type ModuleMetadata,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type Provider,
  type Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { MigrationInterface } from 'typeorm';
import type { z } from 'zod';
import type { TopicName } from '@tsunagu/contracts';
import { configOnce } from '../config/service-config';
import { openServiceDataSource } from '../database/data-source.factory';
import { ServiceDatabase } from '../database/service-database';
import type { TableDef } from '../database/table';
import type { HealthRegistry, ProbeResult } from '../health/health-registry';
import { IntervalJob, JobScheduler } from '../jobs/interval-job';
import { createLogger } from '../logging/logger';
import type { MessageBus } from '../messaging/message-bus';
import { Publisher } from '../messaging/publisher';
import type { Metrics } from '../metrics/metrics';
import { PLATFORM_TOKENS } from '../nest/platform.tokens';
import type { BatchConsumer } from '../kernel/batch-consumer';
import { ConsumerRunner } from '../kernel/consumer-runner';
import { KernelTables1765000000000 } from '../kernel/kernel-tables.migration';
import { DEFAULT_KERNEL_SETTINGS, type KernelSettings } from '../kernel/kernel-settings';
import { OutboxRelay } from '../kernel/outbox';
import type { ChangeFeed } from '../kernel/change-feed';
import type { SecurityRule } from '../security/security-rule';

/** A service's settings: its environment schema and how it becomes the options object. */
export interface ServiceOptionsDefinition<O extends object, S extends z.ZodObject = z.ZodObject> {
  /** injection token of the options object */
  readonly token: string;
  readonly env: S;
  readonly from: (env: z.infer<S>) => O;
}

/** A service's options definition, with its environment schema's type checked against `from`. */
export function serviceOptions<O extends object, S extends z.ZodObject>(token: string, env: S, from: (env: z.infer<S>) => O): ServiceOptionsDefinition<O> {
  return { token, env, from: from as (env: z.infer<z.ZodObject>) => O };
}

/** Everything a service is, on one page: the kernel builds the rest. */
export interface ServiceDefinition<O extends object = object> {
  /** service name: producer header, health probes, logs */
  readonly name: string;
  /** its own PostgreSQL schema (it touches no other) */
  readonly schema: string;
  /** its migrations, oldest first (the kernel's own run before them) */
  readonly migrations: ReadonlyArray<new () => MigrationInterface>;
  /** the table definitions the migrations create (checked by the service's medium-tier test) */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly tables: ReadonlyArray<TableDef<any>>;
  readonly options?: ServiceOptionsDefinition<O>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a consumer's prepared value is its own business
  readonly consumers?: ReadonlyArray<Type<BatchConsumer<TopicName, any>>>;
  readonly jobs?: ReadonlyArray<Type<IntervalJob>>;
  /** topics it publishes (created up front with their dead-letter topics) */
  readonly produces?: readonly TopicName[];
  /** of those, the log-compacted ones (latest value per key) */
  readonly compacted?: readonly TopicName[];
  readonly controllers?: ModuleMetadata['controllers'];
  readonly providers?: readonly Provider[];
  readonly exports?: ModuleMetadata['exports'];
  readonly imports?: ModuleMetadata['imports'];
  /**
   * Whether the instance is unready (503) while its database is down. Default
   * true; the ingest broker says false: connected devices keep publishing to the
   * bus while its registry is away (new CONNECTs get CONNACK 3), so a load
   * balancer must not take it out.
   */
  readonly databaseCritical?: boolean;
  /** the service's own rules of the production profile (checked at start-up with the platform's) */
  readonly securityRules?: readonly SecurityRule[];
}

/**
 * A service's definition with its schema taken from its tables (each table is
 * defined in its schema, so the schema is stated once, where the tables are);
 * tables in more than one schema, or none, are a programmer error.
 */
export function serviceDefinition<O extends object = object>(def: Omit<ServiceDefinition<O>, 'schema'>): ServiceDefinition<O> {
  const schemas = [...new Set(def.tables.map((t) => t.schema))];
  if (schemas.length !== 1) throw new RangeError(`service ${def.name}: its tables must be in one schema, not [${schemas.join(', ')}]`);
  return { ...def, schema: schemas[0]! };
}

const SERVICE_DEFINITION = 'tsunagu.kernel.service-definition';

/**
 * A service's database as the kernel opens it: the data source on its schema (the
 * kernel's migration, then the service's), its publisher and its outbox relay.
 * The module factory uses it; so do benchmarks that drive a service without Nest.
 */
export async function openServiceDatabase(
  def: Pick<ServiceDefinition, 'name' | 'schema' | 'migrations'>,
  url: string,
  bus: MessageBus,
  settings: KernelSettings = DEFAULT_KERNEL_SETTINGS,
  metrics?: Metrics,
  changes?: ChangeFeed,
): Promise<ServiceDatabase> {
  const dataSource = await openServiceDataSource({ url, schema: def.schema, migrations: [KernelTables1765000000000, ...def.migrations] });
  const publisher = new Publisher(bus, { producer: def.name, validate: settings.validatePublished });
  const relay = new OutboxRelay(dataSource, def.schema, bus, settings.outbox, createLogger(`${def.name}.outbox`), metrics);
  changes?.announce(def.name);
  return new ServiceDatabase(dataSource, def.schema, publisher, relay, changes ? () => changes.publish(def.name) : undefined);
}

/** Environment schemas of a feature module, read by the bootstrap to validate them all at start-up. */
export const SERVICE_ENV = Symbol('tsunagu.service-env');
/** Security rules of a feature module, read by the bootstrap to check the profile at start-up. */
export const SERVICE_SECURITY_RULES = Symbol('tsunagu.service-security-rules');

/** Starts and stops what the kernel runs for one service, in the order that loses nothing. */
@Injectable()
export class ServiceKernel implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger;
  private readonly jobs = new JobScheduler();
  private readonly runner: ConsumerRunner;
  private starting: Promise<void> = Promise.resolve();
  private started = false;
  private stopping = false;
  private startError: Error | null = null;

  constructor(
    @Inject(SERVICE_DEFINITION) private readonly def: ServiceDefinition,
    private readonly db: ServiceDatabase,
    private readonly moduleRef: ModuleRef,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
    @Inject(PLATFORM_TOKENS.health) health: HealthRegistry,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
    @Inject(PLATFORM_TOKENS.settings) settings: KernelSettings,
  ) {
    this.logger = createLogger(`${def.name}.kernel`);
    this.runner = new ConsumerRunner(def.name, bus, db, settings.consumers, this.logger, metrics);
    health.register(`${def.name}-db`, () => db.ping(), { critical: def.databaseCritical ?? true });
    health.register(
      `${def.name}-outbox`,
      async () => {
        const b = await db.outbox.backlog();
        const stuck = b.records > 0 && b.oldestAgeMs > 30_000;
        return { ok: !stuck, detail: `${b.records} record(s) to relay${b.records > 0 ? `, oldest ${Math.round(b.oldestAgeMs)} ms` : ''}` };
      },
      { critical: false },
    );
    if ((def.consumers?.length ?? 0) > 0) health.register(`${def.name}-consumers`, async () => this.consumersHealth(), { critical: false });
  }

  /**
   * Starts the outbox relay, the consumers and the jobs without holding up the
   * application: the HTTP server (liveness included) answers while the consumers
   * join their groups, which after a crash can take a session timeout. Until they
   * run, `<name>-consumers` reads as starting.
   */
  onApplicationBootstrap(): void {
    this.starting = this.start().catch((err: Error) => {
      this.startError = err;
      this.logger.error('could not start consumers', { error: err });
    });
  }

  private async start(): Promise<void> {
    const consumers = (this.def.consumers ?? []).map((c) => this.moduleRef.get(c));
    const compacted = new Set<string>(this.def.compacted ?? []);
    const topics = [...new Set<string>([...consumers.map((c) => c.topic), ...(this.def.produces ?? [])])];
    await this.bus.ensureTopics(topics.filter((t) => !compacted.has(t)));
    if (compacted.size > 0) await this.bus.ensureTopics([...compacted], { compacted: true });
    this.db.outbox.start();
    for (const consumer of consumers) {
      if (this.stopping) return;
      await this.runner.start(consumer);
    }
    this.jobs.start((this.def.jobs ?? []).map((j) => this.moduleRef.get(j)));
    this.started = true;
  }

  /** Resolves once the consumers run (tests that must not publish before a group has joined). */
  async ready(): Promise<void> {
    await this.starting;
    if (this.startError) throw this.startError;
  }

  private async consumersHealth(): Promise<ProbeResult> {
    if (this.startError) return { ok: false, detail: `consumers did not start: ${this.startError.message}` };
    if (!this.started) return { ok: false, detail: 'consumers starting (joining their groups)' };
    return this.runner.health();
  }

  /** Consumers and jobs stop first; what they committed is relayed (briefly) before the bus closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.starting;
    await this.runner.stop();
    await this.jobs.stop();
    await this.db.outbox.stop(2000);
  }

  /** After the HTTP server closed: requests in flight still had their database. */
  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

/**
 * The module of a service, from its definition: its data source (kernel tables and
 * migrations applied), outbox relay, typed publisher, options (validated once per
 * process), consumers, jobs and health probes. `overrides` replace options (tests);
 * `extraProviders` are what a `register(…)` call adds (options given in code).
 */
export function serviceModule<O extends object>(module: Type, def: ServiceDefinition<O>, overrides: Partial<O> = {}, extraProviders: readonly Provider[] = []): DynamicModule {
  const providers: Provider[] = [
    { provide: SERVICE_DEFINITION, useValue: def },
    {
      provide: ServiceDatabase,
      inject: [PLATFORM_TOKENS.databaseUrl, PLATFORM_TOKENS.bus, PLATFORM_TOKENS.settings, PLATFORM_TOKENS.metrics, PLATFORM_TOKENS.changes],
      useFactory: (url: string, bus: MessageBus, settings: KernelSettings, metrics: Metrics, changes: ChangeFeed) => openServiceDatabase(def, url, bus, settings, metrics, changes),
    },
    { provide: Publisher, inject: [ServiceDatabase], useFactory: (db: ServiceDatabase) => db.publisher },
    ServiceKernel,
    ...(def.consumers ?? []),
    ...(def.jobs ?? []),
    ...(def.providers ?? []),
    ...extraProviders,
  ];
  if (def.options) {
    const { token, env, from } = def.options;
    providers.push({ provide: token, useFactory: (): O => ({ ...from(configOnce(env)), ...overrides }) });
  }
  const dynamic: DynamicModule = {
    module,
    imports: def.imports,
    controllers: def.controllers,
    providers,
    exports: def.exports,
  };
  Object.defineProperty(dynamic, SERVICE_ENV, { value: def.options ? [def.options.env] : [], enumerable: false });
  Object.defineProperty(dynamic, SERVICE_SECURITY_RULES, { value: def.securityRules ?? [], enumerable: false });
  return dynamic;
}

/** The environment schemas of some feature modules (for one validation at start-up). */
export function envSchemasOf(modules: ReadonlyArray<Type | DynamicModule>): z.ZodType[] {
  return modules.flatMap((m) => ((m as { [SERVICE_ENV]?: z.ZodType[] })[SERVICE_ENV] ?? []));
}

/** A service's Nest module: `register(overrides)` builds it from the service's definition. */
export interface ServiceModuleClass<O extends object> extends Type {
  register(overrides?: Partial<O>): DynamicModule;
}

/**
 * The module class of a service, made from its definition (each app's module file
 * is its definition and this one line): `export const MaintenanceModule =
 * serviceModuleClass('MaintenanceModule', MAINTENANCE_SERVICE)`.
 */
export function serviceModuleClass<O extends object>(className: string, def: ServiceDefinition<O>): ServiceModuleClass<O> {
  @Module({})
  class KernelServiceModule {
    static register(overrides: Partial<O> = {}): DynamicModule {
      return serviceModule(KernelServiceModule, def, overrides);
    }
  }
  Object.defineProperty(KernelServiceModule, 'name', { value: className });
  return KernelServiceModule;
}

/** The security rules some feature modules add to the platform's. */
export function securityRulesOf(modules: ReadonlyArray<Type | DynamicModule>): SecurityRule[] {
  return modules.flatMap((m) => ((m as { [SERVICE_SECURITY_RULES]?: SecurityRule[] })[SERVICE_SECURITY_RULES] ?? []));
}
