/**
 * Helpers for integration and end-to-end tests. Every test file gets its own
 * topics (a unique topic prefix), consumer groups and database, so files can run
 * in parallel and in any order. Wait with `expectEventually`, never a fixed sleep.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { KafkaBus, setLogLevel, type IncomingMessage, type MessageBus } from '@tsunagu/platform';

setLogLevel((process.env.TEST_LOG_LEVEL as 'debug' | 'info' | 'warn' | 'error' | 'silent' | undefined) ?? 'error');

export function uniqueId(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

export function testKafkaBrokers(): string[] {
  const brokers = process.env.TEST_KAFKA_BROKERS;
  if (!brokers) throw new Error('TEST_KAFKA_BROKERS is not set: run integration tests through jest (global setup starts Kafka)');
  return brokers.split(',');
}

/** A Kafka bus on the shared test broker with its own topic prefix. */
export function createTestBus(topicPrefix: string, brokers: string[] = testKafkaBrokers()): KafkaBus {
  return new KafkaBus({
    brokers,
    clientId: `test-${topicPrefix}`,
    topicPrefix,
    partitions: 3,
    replicationFactor: 1,
    lingerMs: 1,
    sessionTimeoutMs: 6000,
  });
}

/** A fresh database on the shared test PostgreSQL; returns its URL. */
export async function createTestDatabase(name = uniqueId('t_')): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set: run integration tests through jest (global setup starts PostgreSQL)');
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Retries `assertion` until it passes or `timeoutMs` runs out, then throws its last error. */
export async function expectEventually<T>(
  assertion: () => T | Promise<T>,
  { timeoutMs = 20000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await assertion();
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw lastError;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Collects every record of some topics (from the beginning) into an array, for assertions. */
export async function collectTopic(
  bus: MessageBus,
  topics: readonly string[],
): Promise<{ messages: IncomingMessage[]; json<T = unknown>(topic?: string): T[]; stop(): Promise<void> }> {
  const messages: IncomingMessage[] = [];
  const sub = await bus.subscribe({
    groupId: uniqueId('collector-'),
    topics,
    fromBeginning: true,
    handleBatch: async (batch) => {
      messages.push(...batch.messages);
    },
  });
  return {
    messages,
    json: <T>(topic?: string) =>
      messages.filter((m) => !topic || m.topic === topic).map((m) => JSON.parse(m.value.toString('utf8')) as T),
    stop: () => sub.stop(),
  };
}
