import type { z } from 'zod';
import { TOPICS, type TopicName } from './topics.constants';
import { deadLetterV1Schema } from './schemas/dead-letter.v1.schema';
import { devicePresenceV1Schema } from './schemas/device-presence.v1.schema';
import { machineTelemetryV1Schema } from './schemas/machine-telemetry.v1.schema';
import { maintenanceFindingV1Schema } from './schemas/maintenance-finding.v1.schema';
import { marketSignalV1Schema } from './schemas/market-signal.v1.schema';
import { priceV1Schema } from './schemas/price.v1.schema';
import { transitDisruptionV1Schema } from './schemas/transit-disruption.v1.schema';
import { tweetV1Schema } from './schemas/tweet.v1.schema';
import { vehicleIncidentV1Schema } from './schemas/vehicle-incident.v1.schema';
import { vehicleStateV1Schema } from './schemas/vehicle-state.v1.schema';
import { vehicleTelemetryV1Schema } from './schemas/vehicle-telemetry.v1.schema';
import { workOrderClosedV1Schema } from './schemas/work-order-closed.v1.schema';

/** Every inter-service message, declared in one place: topic → schema of its value. */
export const TOPIC_SCHEMAS = {
  [TOPICS.machineTelemetry]: machineTelemetryV1Schema,
  [TOPICS.vehicleTelemetry]: vehicleTelemetryV1Schema,
  [TOPICS.telemetryDeadLetter]: deadLetterV1Schema,
  [TOPICS.devicePresence]: devicePresenceV1Schema,
  [TOPICS.tweets]: tweetV1Schema,
  [TOPICS.prices]: priceV1Schema,
  [TOPICS.maintenanceFindings]: maintenanceFindingV1Schema,
  [TOPICS.workOrderClosed]: workOrderClosedV1Schema,
  [TOPICS.vehicleIncidents]: vehicleIncidentV1Schema,
  [TOPICS.vehicleState]: vehicleStateV1Schema,
  [TOPICS.marketSignals]: marketSignalV1Schema,
  [TOPICS.transitDisruptions]: transitDisruptionV1Schema,
} as const satisfies Record<TopicName, z.ZodType>;

export type TopicValue<T extends TopicName> = z.infer<(typeof TOPIC_SCHEMAS)[T]>;

/** Schema names carried in the `schema` header, e.g. `telemetry.machine.reported.v1`. */
export function schemaNameOf(topic: TopicName): string {
  return topic;
}
