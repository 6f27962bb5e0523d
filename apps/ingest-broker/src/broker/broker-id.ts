import { hostname } from 'node:os';
import type { Provider } from '@nestjs/common';
import { PLATFORM_TOKENS } from '@tsunagu/platform';
import { INGEST_OPTIONS, type IngestBrokerOptions } from '../config/ingest-broker.config';

/** Injection token of this broker instance's id (a string). */
export const BROKER_ID = 'tsunagu.ingest-broker.broker-id';

/** An instance's id must survive its restarts (to end the sessions a crash left) and differ from its peers'. */
export const BROKER_ID_PROVIDER: Provider = {
  provide: BROKER_ID,
  inject: [INGEST_OPTIONS, PLATFORM_TOKENS.serviceName],
  useFactory: (options: IngestBrokerOptions, serviceName: string) => options.instanceId ?? `${serviceName}@${hostname()}:${options.mqttPort}`,
};
