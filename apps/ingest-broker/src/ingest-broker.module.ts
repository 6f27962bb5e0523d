import { Module, type DynamicModule } from '@nestjs/common';
import { serviceModule, type ServiceDefinition } from '@tsunagu/platform';
import { MqttBrokerService } from './broker/mqtt-broker.service';
import { IngestRouter } from './broker/ingest-router';
import { IntakeSchemas } from './broker/intake-schemas';
import { PresenceTracker } from './broker/presence.tracker';
import { INGEST_OPTIONS, INGEST_SCHEMA, type IngestBrokerOptions } from './config/ingest-broker.config';
import { INGEST_SECURITY_RULES } from './config/ingest-security.rules';
import { DeviceRevocations } from './devices/device-revocations';
import { DevicesController } from './devices/devices.controller';
import { DevicesRepository } from './devices/devices.repository';
import { DevicesService } from './devices/devices.service';
import { INGEST_TABLES } from './devices/devices.tables';
import { CreateDevices1764400000000 } from './migrations/1764400000000-create-devices';
import { DeviceBroker1765000000200 } from './migrations/1765000000200-device-broker';
import { PricesController } from './prices/prices.controller';
import { TweetIntakeService } from './tweets/tweet-intake.service';
import { TweetsController } from './tweets/tweets.controller';

/** The ingest broker as the kernel builds it (its options come from `register`, not from a schema of its own). */
export const INGEST_BROKER_SERVICE: ServiceDefinition = {
  name: 'ingest-broker',
  schema: INGEST_SCHEMA,
  migrations: [CreateDevices1764400000000, DeviceBroker1765000000200],
  tables: INGEST_TABLES,
  controllers: [DevicesController, TweetsController, PricesController],
  providers: [DevicesRepository, DeviceRevocations, DevicesService, IntakeSchemas, TweetIntakeService, IngestRouter, PresenceTracker, MqttBrokerService],
  exports: [MqttBrokerService, DevicesService, TweetIntakeService],
  // connected devices keep publishing while the registry is down: degraded, not unready
  databaseCritical: false,
  securityRules: INGEST_SECURITY_RULES,
};

/**
 * The ingest broker: device registry (REST) and the embedded MQTT broker that
 * authenticates devices, validates their messages and hands them to the bus; the
 * tweet and price doors. It consumes nothing: its records come in from the edge.
 */
@Module({})
export class IngestBrokerModule {
  static register(options: IngestBrokerOptions): DynamicModule {
    return serviceModule(IngestBrokerModule, INGEST_BROKER_SERVICE, {}, [{ provide: INGEST_OPTIONS, useValue: options }]);
  }
}
