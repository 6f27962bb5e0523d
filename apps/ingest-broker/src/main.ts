import { bootstrapService, loadConfig } from '@tsunagu/platform';
import { ingestBrokerEnv } from './config/ingest-broker.config';
import { IngestBrokerModule } from './ingest-broker.module';

/** The ingest broker as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('ingest-broker', (runtime) => {
  const env = loadConfig(ingestBrokerEnv);
  return [
    IngestBrokerModule.register({
      mqttPort: env.MQTT_PORT,
      wsPort: env.MQTT_WS_PORT === 0 ? undefined : env.MQTT_WS_PORT,
      host: runtime.env.BIND_HOST,
      maxPayloadBytes: env.MQTT_MAX_PAYLOAD_BYTES,
      maxPending: env.INGEST_MAX_PENDING,
      concurrency: env.MQTT_CONCURRENCY,
      authCacheTtlMs: env.AUTH_CACHE_TTL_MS,
    }),
  ];
}).catch(() => {
  process.exitCode ||= 1;
});
