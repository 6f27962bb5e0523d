/**
 * Medium-tier helpers for a service's kernel (PostgreSQL only, no Kafka): a
 * service's database with its migrations on a fresh test database and an outbox
 * relayed into an array, consumed records as the kernel hands them to a consumer,
 * and a migration of existing data.
 */
import type { DataSource, MigrationInterface } from 'typeorm';
import type { TopicName, TopicValue } from '@tsunagu/contracts';
import {
  causeOf,
  DEFAULT_KERNEL_SETTINGS,
  KernelTables1765000000000,
  openServiceDatabase,
  openServiceDataSource,
  type Delivery,
  type IncomingMessage,
  type MessageBus,
  type OutgoingMessage,
  type ServiceDatabase,
  type ServiceDefinition,
} from '@tsunagu/platform';
import { createTestDatabase } from './test-env';

export interface TestServiceDatabase {
  readonly db: ServiceDatabase;
  /** what the outbox relayed so far (`db.outbox.drain()` relays), in order */
  readonly published: Array<{ topic: string; message: OutgoingMessage }>;
  close(): Promise<void>;
}

/** The service's schema as its definition migrates it, on a database of its own; the outbox relays only when drained. */
export async function openTestServiceDatabase(def: ServiceDefinition): Promise<TestServiceDatabase> {
  const database = await createTestDatabase();
  const published: TestServiceDatabase['published'] = [];
  const bus = {
    publish: async (topic: string, messages: readonly OutgoingMessage[]) => void published.push(...messages.map((message) => ({ topic, message }))),
  } as unknown as MessageBus;
  const db = await openServiceDatabase(def, database.url, bus, { ...DEFAULT_KERNEL_SETTINGS, outbox: { ...DEFAULT_KERNEL_SETTINGS.outbox, enabled: false } });
  return {
    db,
    published,
    close: async () => {
      await db.close();
      await database.drop();
    },
  };
}

/** A consumed record at a partition and offset, with the headers it came with (its lineage). */
export function delivered<T extends TopicName>(
  topic: T,
  value: TopicValue<T>,
  at: { partition: number; offset: number; headers?: Record<string, string> },
): Delivery<TopicValue<T>> {
  const message: IncomingMessage = { topic, partition: at.partition, offset: String(at.offset), key: null, value: Buffer.from(JSON.stringify(value)), headers: at.headers ?? {}, timestamp: 0 };
  return { value, message, cause: causeOf(message), prepared: undefined };
}

/**
 * A migration of existing data: a fresh database migrated up to `older` (after the
 * kernel's), `seed` writes rows as the old code did, then the rest of the
 * definition's migrations run and `check` reads what they left.
 */
export async function afterMigrating(
  def: ServiceDefinition,
  older: ReadonlyArray<new () => MigrationInterface>,
  seed: (db: DataSource) => Promise<unknown>,
  check: (db: DataSource) => Promise<void>,
): Promise<void> {
  const database = await createTestDatabase();
  try {
    const before = await openServiceDataSource({ url: database.url, schema: def.schema, migrations: [KernelTables1765000000000, ...older] });
    await seed(before);
    await before.destroy();
    const after = await openServiceDataSource({ url: database.url, schema: def.schema, migrations: [KernelTables1765000000000, ...def.migrations] });
    try {
      await check(after);
    } finally {
      await after.destroy();
    }
  } finally {
    await database.drop();
  }
}
