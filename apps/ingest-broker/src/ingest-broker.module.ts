import { Inject, Injectable, Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { PLATFORM_TOKENS, ServiceDatabase, openServiceDataSource } from '@tsunagu/platform';
import { MqttBrokerService } from './broker/mqtt-broker.service';
import { TelemetryRouter } from './broker/telemetry-router';
import { INGEST_DATA_SOURCE, INGEST_OPTIONS, INGEST_SCHEMA, type IngestBrokerOptions } from './config/ingest-broker.config';
import { DeviceEntity } from './devices/device.entity';
import { DeviceEventEntity } from './devices/device-event.entity';
import { DevicesController } from './devices/devices.controller';
import { DevicesRepository } from './devices/devices.repository';
import { DevicesService } from './devices/devices.service';
import { CreateDevices1764400000000 } from './migrations/1764400000000-create-devices';
import { PricesController } from './prices/prices.controller';
import { TweetIntakeService } from './tweets/tweet-intake.service';
import { TweetsController } from './tweets/tweets.controller';

/** Closes the registry's schema after the broker has closed every session (presence writes included). */
@Injectable()
class IngestDatabase extends ServiceDatabase {
  constructor(@Inject(INGEST_DATA_SOURCE) dataSource: DataSource) {
    super(dataSource, INGEST_SCHEMA);
  }
}

/**
 * The ingest broker: device registry (REST) and the embedded MQTT broker that
 * authenticates devices, validates their messages and hands them to the bus.
 */
@Module({})
export class IngestBrokerModule {
  static register(options: IngestBrokerOptions): DynamicModule {
    return {
      module: IngestBrokerModule,
      controllers: [DevicesController, TweetsController, PricesController],
      providers: [
        { provide: INGEST_OPTIONS, useValue: options },
        {
          provide: INGEST_DATA_SOURCE,
          inject: [PLATFORM_TOKENS.databaseUrl],
          useFactory: (url: string) =>
            openServiceDataSource({
              url,
              schema: INGEST_SCHEMA,
              entities: [DeviceEntity, DeviceEventEntity],
              migrations: [CreateDevices1764400000000],
            }),
        },
        IngestDatabase,
        DevicesRepository,
        DevicesService,
        TweetIntakeService,
        TelemetryRouter,
        MqttBrokerService,
      ],
      exports: [MqttBrokerService, DevicesService, TweetIntakeService],
    };
  }
}
