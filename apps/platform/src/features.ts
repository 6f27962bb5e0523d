import type { DynamicModule, Type } from '@nestjs/common';
import { loadConfig, type ServiceRuntime } from '@tsunagu/platform';
import { ingestBrokerEnv } from '../../ingest-broker/src/config/ingest-broker.config';
import { IngestBrokerModule } from '../../ingest-broker/src/ingest-broker.module';

/** Every feature module of the platform, mounted together in the all-in-one process. */
export function allFeatures(runtime: ServiceRuntime): Array<Type | DynamicModule> {
  const ingest = loadConfig(ingestBrokerEnv);
  return [
    IngestBrokerModule.register({
      mqttPort: ingest.MQTT_PORT,
      wsPort: ingest.MQTT_WS_PORT === 0 ? undefined : ingest.MQTT_WS_PORT,
      host: runtime.env.BIND_HOST,
      maxPayloadBytes: ingest.MQTT_MAX_PAYLOAD_BYTES,
      maxPending: ingest.INGEST_MAX_PENDING,
      concurrency: ingest.MQTT_CONCURRENCY,
      authCacheTtlMs: ingest.AUTH_CACHE_TTL_MS,
    }),
  ];
}
