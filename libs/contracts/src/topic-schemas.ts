import type { z } from 'zod';
import { DEAD_LETTER_SUFFIX, TOPICS, type TopicName } from './topics.constants';
import { deadLetterV1Schema } from './schemas/dead-letter.v1.schema';
import { deviceCommandRequestedV1Schema } from './schemas/device-command.v1.schema';
import { devicePresenceV1Schema } from './schemas/device-presence.v1.schema';
import { machineTelemetryV1Schema } from './schemas/machine-telemetry.v1.schema';
import { maintenanceFindingV1Schema } from './schemas/maintenance-finding.v1.schema';
import { marketSignalV1Schema } from './schemas/market-signal.v1.schema';
import { priceV1Schema } from './schemas/price.v1.schema';
import { transitDisruptionV1Schema } from './schemas/transit-disruption.v1.schema';
import { tweetV2Schema } from './schemas/tweet.v2.schema';
import { vehicleIncidentV1Schema } from './schemas/vehicle-incident.v1.schema';
import { vehicleStateV1Schema } from './schemas/vehicle-state.v1.schema';
import { vehicleTelemetryV1Schema } from './schemas/vehicle-telemetry.v1.schema';
import { workOrderClosedV1Schema } from './schemas/work-order-closed.v1.schema';

interface TopicContract<S extends z.ZodType> {
  readonly schema: S;
  /** the record key: what must stay in order (device, ticker, line) */
  readonly key: (value: z.infer<S>) => string | null;
}

function contract<S extends z.ZodType>(schema: S, key: (value: z.infer<S>) => string | null): TopicContract<S> {
  return { schema, key };
}

/**
 * Every inter-service message, declared in one place: topic → the schema of its
 * value and the field that is its key. The publisher takes both from here.
 */
export const TOPIC_CONTRACTS = {
  [TOPICS.machineTelemetry]: contract(machineTelemetryV1Schema, (v) => v.deviceId),
  [TOPICS.vehicleTelemetry]: contract(vehicleTelemetryV1Schema, (v) => v.deviceId),
  [TOPICS.telemetryDeadLetter]: contract(deadLetterV1Schema, (v) => v.deviceId ?? v.key ?? null),
  [TOPICS.deviceCommandRequests]: contract(deviceCommandRequestedV1Schema, (v) => v.deviceId),
  [TOPICS.devicePresence]: contract(devicePresenceV1Schema, (v) => v.deviceId),
  [TOPICS.tweets]: contract(tweetV2Schema, (v) => v.id),
  [TOPICS.prices]: contract(priceV1Schema, (v) => v.ticker),
  [TOPICS.maintenanceFindings]: contract(maintenanceFindingV1Schema, (v) => v.subjectId),
  [TOPICS.workOrderClosed]: contract(workOrderClosedV1Schema, (v) => v.machineId),
  [TOPICS.vehicleIncidents]: contract(vehicleIncidentV1Schema, (v) => v.subjectId),
  [TOPICS.vehicleState]: contract(vehicleStateV1Schema, (v) => v.vehicleId),
  [TOPICS.marketSignals]: contract(marketSignalV1Schema, (v) => v.ticker),
  [TOPICS.transitDisruptions]: contract(transitDisruptionV1Schema, (v) => v.lineId),
} as const satisfies Record<TopicName, TopicContract<z.ZodType>>;

/** A dead-letter record keeps the key of the record it rejects. */
export const DEAD_LETTER_CONTRACT = contract(deadLetterV1Schema, (v) => v.key ?? null);

/** Topic → schema of its value (the contract tests parse every golden fixture with it). */
export const TOPIC_SCHEMAS: { readonly [T in TopicName]: (typeof TOPIC_CONTRACTS)[T]['schema'] } = Object.fromEntries(
  Object.entries(TOPIC_CONTRACTS).map(([topic, c]) => [topic, c.schema]),
) as never;

export type TopicValue<T extends TopicName> = z.infer<(typeof TOPIC_CONTRACTS)[T]['schema']>;

/** True for `<topic>.dlq` names. */
export function isDeadLetterTopic(topic: string): boolean {
  return topic.endsWith(DEAD_LETTER_SUFFIX);
}

/** A `<topic>.dlq` topic: its records are dead letters (`dead-letter.v1`) of that topic's records. */
export type DeadLetterTopicName = `${TopicName}${typeof DEAD_LETTER_SUFFIX}`;
/** What a consumer may read: a topic, or a topic's dead letters (the dead-letter office reads those). */
export type ConsumableTopic = TopicName | DeadLetterTopicName;

/** The contract of a consumable topic: its own, or the dead-letter contract for `<topic>.dlq`. */
export function contractOf(topic: ConsumableTopic): TopicContract<z.ZodType> {
  return isDeadLetterTopic(topic) ? (DEAD_LETTER_CONTRACT as TopicContract<z.ZodType>) : (TOPIC_CONTRACTS[topic as TopicName] as TopicContract<z.ZodType>);
}
