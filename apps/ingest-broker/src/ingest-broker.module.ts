import { Module, type DynamicModule } from '@nestjs/common';
import { serviceModule, serviceDefinition } from '@tsunagu/platform';
import { BROKER_ID_PROVIDER } from './broker/broker-id';
import { DeviceChannels } from './broker/device-channels';
import { DeviceDeliveryJob } from './broker/device-delivery.job';
import { MqttBrokerService } from './broker/mqtt-broker.service';
import { CommandRequestsConsumer } from './commands/command-requests.consumer';
import { CommandsController } from './commands/commands.controller';
import { CommandsRepository } from './commands/commands.repository';
import { CommandsService } from './commands/commands.service';
import { COMMAND_TABLES } from './commands/commands.tables';
import { IngestRouter } from './broker/ingest-router';
import { IntakeSchemas } from './broker/intake-schemas';
import { PresenceTracker } from './broker/presence.tracker';
import { INGEST_OPTIONS, type IngestBrokerOptions } from './config/ingest-broker.config';
import { INGEST_SECURITY_RULES } from './config/ingest-security.rules';
import { DeviceRevocations } from './devices/device-revocations';
import { DeviceSecretsService } from './devices/device-secrets.service';
import { BulkService } from './bulk/bulk.service';
import { DevicesController } from './devices/devices.controller';
import { DevicesRepository } from './devices/devices.repository';
import { DevicesService } from './devices/devices.service';
import { INGEST_TABLES } from './devices/devices.tables';
import { CreateDevices1764400000000 } from './migrations/1764400000000-create-devices';
import { DeviceBroker1765000000200 } from './migrations/1765000000200-device-broker';
import { DeviceCommands1765100000000 } from './migrations/1765100000000-device-commands';
import { DeviceState1765100000100 } from './migrations/1765100000100-device-state';
import { StateController } from './state/state.controller';
import { StateRepository } from './state/state.repository';
import { StateService } from './state/state.service';
import { STATE_TABLES } from './state/state.tables';
import { PricesController } from './prices/prices.controller';
import { TweetIntakeService } from './tweets/tweet-intake.service';
import { TweetsController } from './tweets/tweets.controller';

/** The ingest broker as the kernel builds it (its options come from `register`, not from a schema of its own). */
export const INGEST_BROKER_SERVICE = serviceDefinition({
  name: 'ingest-broker',
  migrations: [CreateDevices1764400000000, DeviceBroker1765000000200, DeviceCommands1765100000000, DeviceState1765100000100],
  tables: [...INGEST_TABLES, ...COMMAND_TABLES, ...STATE_TABLES],
  consumers: [CommandRequestsConsumer],
  jobs: [DeviceDeliveryJob],
  controllers: [DevicesController, CommandsController, StateController, TweetsController, PricesController],
  providers: [
    BROKER_ID_PROVIDER,
    DevicesRepository,
    DeviceRevocations,
    DeviceSecretsService,
    DevicesService,
    BulkService,
    DeviceChannels,
    CommandsRepository,
    CommandsService,
    StateRepository,
    StateService,
    IntakeSchemas,
    TweetIntakeService,
    IngestRouter,
    PresenceTracker,
    MqttBrokerService,
  ],
  exports: [MqttBrokerService, DevicesService, TweetIntakeService],
  // connected devices keep publishing while the registry is down: degraded, not unready
  databaseCritical: false,
  securityRules: INGEST_SECURITY_RULES,
});

/**
 * The ingest broker: device registry (REST) and the embedded MQTT broker that
 * authenticates devices, validates their messages and hands them to the bus; the
 * tweet and price doors; commands to devices (REST and `device.command.requested.v1`),
 * delivered by the instance that holds the device's session.
 */
@Module({})
export class IngestBrokerModule {
  static register(options: IngestBrokerOptions): DynamicModule {
    return serviceModule(IngestBrokerModule, INGEST_BROKER_SERVICE, {}, [{ provide: INGEST_OPTIONS, useValue: options }]);
  }
}
