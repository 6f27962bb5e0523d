import { readFileSync } from 'node:fs';
import { bootstrapService, loadConfig } from '@tsunagu/platform';
import { ingestBrokerEnv, ingestOptionsFromEnv } from './config/ingest-broker.config';
import { IngestBrokerModule } from './ingest-broker.module';

/** The ingest broker as its own service (requires KAFKA_BROKERS, DATABASE_URL and API_TOKENS). */
void bootstrapService('ingest-broker', (runtime) => [
  IngestBrokerModule.register(ingestOptionsFromEnv(loadConfig(ingestBrokerEnv), runtime.env.BIND_HOST, (path) => readFileSync(path))),
], { embedded: false, defaultHttpPort: 3001 }).catch(() => {
  process.exitCode ||= 1;
});
