import { Injectable } from '@nestjs/common';
import { TOPICS, type VehicleTelemetryV1 } from '@tsunagu/contracts';
import { BatchConsumer, type Delivery, type Tx } from '@tsunagu/platform';
import { VEHICLE_MONITORING_CONSUMER_GROUP } from '../vehicle-monitoring.constants';
import { VehicleMonitoringService } from './vehicle-monitoring.service';

/**
 * Vehicle telemetry as the `vehicle-monitoring` group: instances share the
 * partitions; states and offsets live in PostgreSQL, so a partition moving to
 * another instance (or a rewound Kafka offset) loses nothing and repeats nothing.
 */
@Injectable()
export class TelemetryConsumer extends BatchConsumer<typeof TOPICS.vehicleTelemetry> {
  readonly topic = TOPICS.vehicleTelemetry;
  readonly group = VEHICLE_MONITORING_CONSUMER_GROUP;

  constructor(private readonly monitoring: VehicleMonitoringService) {
    super();
  }

  async handle(tx: Tx, deliveries: ReadonlyArray<Delivery<VehicleTelemetryV1>>): Promise<void> {
    await this.monitoring.apply(tx, deliveries);
  }
}
