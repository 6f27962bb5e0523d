import { readFileSync } from 'node:fs';
import { bootstrapService, loadConfig, SERVICE_HTTP_PORTS } from '@tsunagu/platform';
import { ingestBrokerEnv, ingestOptionsFromEnv } from './config/ingest-broker.config';
import { IngestBrokerModule } from './ingest-broker.module';

/** The ingest broker as its own service (requires KAFKA_BROKERS, DATABASE_URL and API_TOKENS). */
void bootstrapService('ingest-broker', (runtime) => [
  IngestBrokerModule.register(ingestOptionsFromEnv(loadConfig(ingestBrokerEnv), runtime.env, (path) => readFileSync(path))),
], { embedded: false, defaultHttpPort: SERVICE_HTTP_PORTS['ingest-broker'] }).catch(() => {
  process.exitCode ||= 1;
});
