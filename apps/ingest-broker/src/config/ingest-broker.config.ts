import { z } from 'zod';
import { envTypes } from '@tsunagu/platform';

/** Ingest-broker settings (environment variables; defaults for a laptop). */
export const ingestBrokerEnv = z.object({
  /** MQTT over TCP port (0 = any free port) */
  MQTT_PORT: envTypes.port.default(1883),
  /** MQTT over WebSocket port; 0 disables the WebSocket listener */
  MQTT_WS_PORT: envTypes.port.default(8083),
  /** largest telemetry payload accepted, bytes; larger ones are dead-lettered */
  MQTT_MAX_PAYLOAD_BYTES: envTypes.positiveInt.default(64 * 1024),
  /** records the broker may hold waiting for Kafka before it refuses new connections */
  INGEST_MAX_PENDING: envTypes.positiveInt.default(100_000),
  /** aedes: max concurrent deliveries through the internal emitter */
  MQTT_CONCURRENCY: envTypes.positiveInt.default(1000),
  /** ms a verified credential stays cached (avoids a scrypt per reconnect) */
  AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).default(300_000),
});
export type IngestBrokerEnv = z.infer<typeof ingestBrokerEnv>;

export interface IngestBrokerOptions {
  readonly mqttPort: number;
  /** 0 or undefined: no WebSocket listener */
  readonly wsPort?: number;
  readonly host?: string;
  readonly maxPayloadBytes?: number;
  readonly maxPending?: number;
  readonly concurrency?: number;
  readonly authCacheTtlMs?: number;
}

export const INGEST_OPTIONS = 'tsunagu.ingest-broker.options';
export const INGEST_DATA_SOURCE = 'tsunagu.ingest-broker.data-source';
export const INGEST_SCHEMA = 'ingest' as const;
