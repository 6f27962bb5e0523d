/**
 * The resources a test file opens in `beforeAll` (a database, a bus, started apps,
 * a pg client, topic collectors), each registered as it is made and closed by one
 * `afterAll` in the reverse order, so a spec states what it needs and never repeats
 * the teardown. Call `testResources()` in the `describe` body (it registers the
 * `afterAll`), then make resources in `beforeAll` or in the tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { InProcessBus, type MessageBus } from '@tsunagu/platform';
import { startApp, type RunningApp } from './app-harness';
import { collectTopic, createTestBus, createTestDatabase } from './test-env';

export type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
export type TopicCollector = Awaited<ReturnType<typeof collectTopic>>;
type AppOptions = Parameters<typeof startApp>[0];

export type StartedAppOptions<B extends MessageBus> = Omit<AppOptions, 'bus' | 'databaseUrl'> & { bus?: B | ((databaseUrl: string) => Promise<B>) };

export interface StartedApp<B extends MessageBus> {
  readonly app: RunningApp;
  readonly bus: B;
  readonly db: TestDatabase;
}

export type RestartableAppOptions = Omit<AppOptions, 'bus'> & { bus: () => MessageBus | Promise<MessageBus> };

export interface RestartableApp {
  /** the running app (throws while it is stopped) */
  readonly app: RunningApp;
  readonly running: boolean;
  start(): Promise<RunningApp>;
  /** closes the app, then its bus; nothing when it is stopped */
  stop(): Promise<void>;
}

export interface TestResources {
  /** registers `close(resource)` to run in `afterAll`, after everything registered later */
  own<T>(resource: T, close: (resource: T) => unknown): T;
  /** registers a closing step (for resources a test replaces, e.g. a restarted app) */
  defer(close: () => unknown): void;
  database(): Promise<TestDatabase>;
  /** a Kafka bus on the test broker (or `brokers`) with its own topic prefix */
  kafkaBus(topicPrefix: string, brokers?: string[]): ReturnType<typeof createTestBus>;
  inProcessBus(partitions?: number): InProcessBus;
  app(options: AppOptions): Promise<RunningApp>;
  /**
   * A fresh database, a bus and an app started on both. The bus is in-process (3
   * partitions) unless given: a bus, or a function that opens one on the database
   * (then the bus is closed here too).
   */
  startedApp<B extends MessageBus = InProcessBus>(options: StartedAppOptions<B>): Promise<StartedApp<B>>;
  /**
   * An app the test stops and starts again like a separate process: each start opens
   * a bus of its own (`bus`) and starts the app on it with the options read then;
   * `afterAll` stops it if it still runs, in the order of its latest start.
   */
  restartable(options: () => RestartableAppOptions): RestartableApp;
  /** a connected pg client on `url` */
  pg(url: string): Promise<Client>;
  collect(bus: MessageBus, topics: readonly string[]): Promise<TopicCollector>;
  /** a fresh directory under the OS's temporary one, removed with what it holds */
  tempDir(prefix: string): string;
}

export function testResources(): TestResources {
  const closers: Array<() => unknown> = [];
  afterAll(async () => {
    // every step runs even when one fails; the first failure fails the file
    let failure: unknown;
    for (let close = closers.pop(); close; close = closers.pop()) {
      try {
        await close();
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure) throw failure;
  });
  const own = <T>(resource: T, close: (resource: T) => unknown): T => {
    closers.push(() => close(resource));
    return resource;
  };
  const app = async (options: AppOptions) => own(await startApp(options), (a) => a.close());
  const inProcessBus = (partitions = 3) => own(new InProcessBus(partitions), (bus) => bus.close());
  const database = async () => own(await createTestDatabase(), (db) => db.drop());
  return {
    own,
    defer: (close) => void closers.push(close),
    database,
    kafkaBus: (topicPrefix, brokers) => own(createTestBus(topicPrefix, brokers), (bus) => bus.close()),
    inProcessBus,
    app,
    startedApp: async <B extends MessageBus = InProcessBus>(options: StartedAppOptions<B>) => {
      const db = await database();
      const given = options.bus;
      const bus = typeof given === 'function' ? own(await given(db.url), (b) => b.close()) : (given ?? (inProcessBus() as MessageBus as B));
      return { db, bus, app: await app({ ...options, bus, databaseUrl: db.url }) };
    },
    restartable: (options) => {
      let running: { app: RunningApp; bus: MessageBus } | null = null;
      const stop = async () => {
        const stopping = running;
        running = null;
        if (!stopping) return;
        try {
          await stopping.app.close();
        } finally {
          await stopping.bus.close();
        }
      };
      return {
        get app() {
          if (!running) throw new Error('the app is stopped');
          return running.app;
        },
        get running() {
          return running !== null;
        },
        start: async () => {
          if (running) throw new Error('the app is already running');
          const { bus: openBus, ...appOptions } = options();
          const bus = await openBus();
          try {
            running = { bus, app: await startApp({ ...appOptions, bus }) };
          } catch (err) {
            await bus.close();
            throw err;
          }
          // closed in its place among the resources, as one made now (a no-op once stopped)
          closers.push(stop);
          return running.app;
        },
        stop,
      };
    },
    pg: async (url) => {
      const client = new Client({ connectionString: url });
      await client.connect();
      return own(client, (c) => c.end());
    },
    collect: async (bus, topics) => own(await collectTopic(bus, topics), (collector) => collector.stop()),
    tempDir: (prefix) => own(mkdtempSync(join(tmpdir(), prefix)), (dir) => rmSync(dir, { recursive: true, force: true })),
  };
}
