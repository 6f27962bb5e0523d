import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TOPICS, vehicleTelemetryV1Schema } from '@tsunagu/contracts';
import { createLogger, PLATFORM_TOKENS, subscribeValidated, type MessageBus, type Subscription } from '@tsunagu/platform';
import { VEHICLE_MONITORING } from '../vehicle-monitoring.constants';
import { VehicleMonitoringService } from './vehicle-monitoring.service';

/**
 * Consumer group `vehicle-monitoring` on the vehicle telemetry topic. Invalid
 * records are dead-lettered by subscribeValidated; each partition batch of valid
 * ones is analysed in one transaction.
 */
@Injectable()
export class TelemetryConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger('vehicle-monitoring.telemetry');
  private subscription: Subscription | null = null;

  constructor(
    private readonly monitoring: VehicleMonitoringService,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics([TOPICS.vehicleTelemetry, TOPICS.vehicleIncidents]);
    // the latest state per vehicle is all that matters: a compacted topic
    await this.bus.ensureTopics([TOPICS.vehicleState], { compacted: true });
    this.subscription = await subscribeValidated({
      bus: this.bus,
      groupId: VEHICLE_MONITORING.consumerGroup,
      topic: TOPICS.vehicleTelemetry,
      schema: vehicleTelemetryV1Schema,
      service: VEHICLE_MONITORING.serviceName,
      logger: this.logger,
      handle: async (items) => {
        const first = items[0]!.message;
        await this.monitoring.processBatch(first.topic, first.partition, items);
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }
}
