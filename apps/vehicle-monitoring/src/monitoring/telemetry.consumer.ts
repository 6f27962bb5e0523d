import { TOPICS } from '@tsunagu/contracts';
import { consumerOf } from '@tsunagu/platform';
import { VEHICLE_MONITORING_CONSUMER_GROUP } from '../vehicle-monitoring.constants';
import { VehicleMonitoringService } from './vehicle-monitoring.service';

/**
 * Vehicle telemetry as the `vehicle-monitoring` group: instances share the
 * partitions; states and offsets live in PostgreSQL, so a partition moving to
 * another instance (or a rewound Kafka offset) loses nothing and repeats nothing.
 */
export const TelemetryConsumer = consumerOf({
  topic: TOPICS.vehicleTelemetry,
  group: VEHICLE_MONITORING_CONSUMER_GROUP,
  service: VehicleMonitoringService,
  handle: (monitoring, tx, deliveries) => monitoring.apply(tx, deliveries),
  // states are per vehicle (the record key) and read FOR UPDATE: a batch waits for PostgreSQL while the next is analysed
  partitionsConcurrently: 3,
});
