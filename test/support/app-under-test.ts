/**
 * The set-up most service specs share, as one call in the `describe` body: a fresh
 * database, a bus (in-process, or Kafka with a topic prefix of the spec's), the
 * app with the spec's modules (and the ingest broker on a free MQTT port when
 * asked), a pg client, topic collectors. It registers the `beforeAll` that starts
 * them and the `afterAll` that closes them (`testResources()`), and hands the parts
 * to the tests through getters, so a spec states what it needs and keeps no `let`
 * list of its own:
 *
 *   const t = appUnderTest({ serviceName: 'intake', kafka: uniqueId('tweets-'), ingest: {}, collect: [TOPICS.tweets] });
 *   it('…', async () => expect((await t.app.request('GET', '/health')).status).toBe(200));
 *
 * `options` may be a function of the file's resources (called in `beforeAll`, after
 * the `beforeAll`s registered before this call), for options that depend on what
 * those started or that need a resource (a temporary directory).
 */
import type { DynamicModule, Type } from '@nestjs/common';
import type { Client } from 'pg';
import type { InProcessBus, KafkaBus, MessageBus } from '@tsunagu/platform';
import type { IngestBrokerOptions } from '@apps/ingest-broker';
import type { RunningApp } from './app-harness';
import { freePort } from './kafka-broker';
import { createTestBus } from './test-env';
import { testResources, type RestartableApp, type StartedAppOptions, type TestDatabase, type TestResources, type TopicCollector } from './test-resources';

type Modules = ReadonlyArray<Type | DynamicModule>;

/** A Kafka bus on the test broker (or `brokers`) with this topic prefix. */
export type KafkaOption = string | { readonly prefix: string; readonly brokers?: string[] };

export interface AppUnderTestOptions extends Omit<StartedAppOptions<MessageBus>, 'bus' | 'modules' | 'serviceName'> {
  /** no name: no app, only the database and the bus (and `pg`, `records`) */
  readonly serviceName?: string;
  readonly modules?: Modules;
  /** the bus is Kafka (else in-process, 3 partitions, or `bus`) */
  readonly kafka?: KafkaOption;
  /** a bus of another kind, opened on the app's database (and closed here) */
  readonly bus?: (databaseUrl: string) => Promise<MessageBus>;
  /** topics created on the bus up front (on Kafka before the app starts), and compacted ones */
  readonly topics?: readonly string[];
  readonly compactedTopics?: readonly string[];
  /** mounts the ingest broker (before `modules`) on a free MQTT port (`mqttPort`, `mqttUrl`), and a WebSocket one with `ws` (`wsUrl`) */
  readonly ingest?: Omit<IngestBrokerOptions, 'mqttPort' | 'wsPort'> & { readonly ws?: boolean };
  /**
   * the app runs on a Kafka bus of its own, opened at each start on the same topic
   * prefix, and the test stops and starts it like a separate process (`restartable`);
   * the spec's `bus` stays up for publishing and collecting
   */
  readonly restartable?: boolean;
  /** a connected pg client on the app's database (`pg`) */
  readonly pg?: boolean;
  /** topics collected from the beginning (`records`) */
  readonly collect?: readonly string[];
}

export interface AppUnderTest<B extends MessageBus> {
  /** the file's resources: more of them close before these (they close in reverse order) */
  readonly resources: TestResources;
  /** the running app (throws while a restartable one is stopped) */
  readonly app: RunningApp;
  readonly bus: B;
  readonly db: TestDatabase;
  readonly pg: Client;
  readonly records: TopicCollector;
  readonly mqttPort: number;
  readonly mqttUrl: string;
  readonly wsUrl: string;
  readonly restartable: RestartableApp;
}

/** the options, or a function of the file's resources that returns them (called in `beforeAll`) */
type Given<O> = O | ((resources: TestResources) => O | Promise<O>);

export function appUnderTest(options: Given<AppUnderTestOptions & { kafka: KafkaOption }>): AppUnderTest<KafkaBus>;
export function appUnderTest(options: Given<AppUnderTestOptions & { kafka?: undefined; bus: NonNullable<AppUnderTestOptions['bus']> }>): AppUnderTest<MessageBus>;
export function appUnderTest(options: Given<AppUnderTestOptions & { kafka?: undefined }>): AppUnderTest<InProcessBus>;
export function appUnderTest(given: Given<AppUnderTestOptions>): AppUnderTest<MessageBus> {
  const resources = testResources();
  const parts: { -readonly [K in Exclude<keyof AppUnderTest<MessageBus>, 'resources' | 'app'>]?: AppUnderTest<MessageBus>[K] } & { app?: () => RunningApp } = {};
  beforeAll(async () => {
    const { serviceName, modules = [], kafka, bus: openBus, topics = [], compactedTopics = [], ingest, restartable, pg, collect, ...appOptions } = typeof given === 'function' ? await given(resources) : given;
    const topicBus = kafka === undefined ? undefined : typeof kafka === 'string' ? { prefix: kafka } : kafka;
    const kafkaBus = topicBus && resources.kafkaBus(topicBus.prefix, topicBus.brokers);
    const ensureTopics = async (bus: MessageBus) => {
      if (compactedTopics.length) await bus.ensureTopics(compactedTopics, { compacted: true });
      if (topics.length) await bus.ensureTopics(topics);
    };
    if (kafkaBus) await ensureTopics(kafkaBus);
    let allModules: Modules = modules;
    if (ingest) {
      const { ws, ...brokerOptions } = ingest;
      const [mqttPort, wsPort] = [await freePort(), ws ? await freePort() : undefined];
      const { IngestBrokerModule } = await import('@apps/ingest-broker');
      allModules = [IngestBrokerModule.register({ ...brokerOptions, mqttPort, wsPort }), ...modules];
      Object.assign(parts, { mqttPort, mqttUrl: `mqtt://127.0.0.1:${mqttPort}`, wsUrl: wsPort ? `ws://127.0.0.1:${wsPort}` : undefined });
    }
    if (serviceName === undefined || restartable) {
      const db = (parts.db = await resources.database());
      parts.bus = kafkaBus ?? (openBus ? resources.own(await openBus(db.url), (b) => b.close()) : resources.inProcessBus());
      if (serviceName !== undefined) {
        if (!topicBus) throw new Error('appUnderTest: a restartable app needs a Kafka bus (kafka)');
        const process = (parts.restartable = resources.restartable(() => ({ ...appOptions, serviceName, bus: () => createTestBus(topicBus.prefix, topicBus.brokers), databaseUrl: db.url, modules: allModules })));
        await process.start();
        parts.app = () => process.app;
      }
    } else {
      const started = await resources.startedApp({ ...appOptions, serviceName, bus: kafkaBus ?? openBus, modules: allModules });
      Object.assign(parts, { db: started.db, bus: started.bus });
      parts.app = () => started.app;
    }
    if (!kafkaBus) await ensureTopics(parts.bus!);
    if (pg) parts.pg = await resources.pg(parts.db!.url);
    if (collect) parts.records = await resources.collect(parts.bus!, collect);
  });
  const part = (name: keyof typeof parts) => {
    const value = parts[name];
    if (value === undefined) throw new Error(`appUnderTest: no ${name} (not asked for in the options, or read before beforeAll ran)`);
    return value;
  };
  const handle = { resources } as AppUnderTest<MessageBus>;
  for (const name of ['bus', 'db', 'pg', 'records', 'mqttPort', 'mqttUrl', 'wsUrl', 'restartable'] as const) Object.defineProperty(handle, name, { get: () => part(name), enumerable: true });
  Object.defineProperty(handle, 'app', { get: () => (part('app') as () => RunningApp)(), enumerable: true });
  return handle;
}

/** A fresh database for the file alone (made in `beforeAll`, dropped in `afterAll`): `db.url` once set up. */
export function testDatabase(): { readonly url: string } {
  const rig = appUnderTest({});
  return {
    get url() {
      return rig.db.url;
    },
  };
}
