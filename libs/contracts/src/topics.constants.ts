/**
 * Kafka topic names: `<domain>.<entity>.<event>.v<version>`.
 * The record key of each topic is what must stay in order (see TOPIC_KEYS).
 * A breaking change is a new version published beside the old one.
 */
export const TOPICS = {
  /** Validated construction-machine telemetry from the ingest broker. Key: device id. */
  machineTelemetry: 'telemetry.machine.reported.v1',
  /** Validated vehicle telemetry from the ingest broker. Key: device id. */
  vehicleTelemetry: 'telemetry.vehicle.reported.v1',
  /** Messages the ingest broker refused (bad JSON, schema, size). Key: device id. */
  telemetryDeadLetter: 'telemetry.message.rejected.v1',
  /** A record system asks the ingest broker to send a device a command. Key: device id. */
  deviceCommandRequests: 'device.command.requested.v1',
  /** Device online/offline changes. Key: device id. */
  devicePresence: 'device.presence.changed.v1',
  /**
   * Tweets accepted by the intake (MQTT, HTTP, replay). Key: tweet id. v2 carries
   * `createdAt` as epoch ms like every other time in the contracts (v1 had an ISO
   * string; no consumer reads v1 any more, so it is no longer published).
   */
  tweets: 'social.tweet.received.v2',
  /** Market price ticks for paper trading. Key: ticker. */
  prices: 'market.price.updated.v1',
  /** Pair 1 finding: operation analysis → maintenance. Key: machine id. */
  maintenanceFindings: 'maintenance.finding.detected.v1',
  /** Work order closed (done / cancelled): maintenance → operation analysis. Key: machine id. */
  workOrderClosed: 'maintenance.work-order.closed.v1',
  /** Pair 2 finding: vehicle monitoring → call centre. Key: vehicle id. */
  vehicleIncidents: 'vehicle.incident.detected.v1',
  /** Latest position and availability of each vehicle (log-compacted). Key: vehicle id. */
  vehicleState: 'vehicle.state.updated.v1',
  /** Pair 3 finding: market sentiment → trading. Key: ticker. */
  marketSignals: 'market.signal.emitted.v1',
  /** Pair 4 finding: tweet analysis → dispatch (started / ended). Key: line id. */
  transitDisruptions: 'transit.disruption.changed.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** Every consumed topic has a dead-letter topic beside it. */
export const DEAD_LETTER_SUFFIX = '.dlq' as const;

export function deadLetterTopicOf(topic: string): string {
  return `${topic}${DEAD_LETTER_SUFFIX}`;
}

/**
 * Header names carried by every record. `schema` is the name of the value's schema,
 * which is its topic's name (`maintenance.finding.detected.v1`; a dead letter's is
 * `dead-letter.v1`). The `source-*` headers are the lineage: the record that caused
 * this one (a Kafka topic, partition and offset; at the edge, `mqtt:<topic>` or
 * `http:<route>` with partition and offset `-1`).
 */
export const HEADERS = {
  correlationId: 'correlation-id',
  schema: 'schema',
  producer: 'producer',
  sourceTopic: 'source-topic',
  sourcePartition: 'source-partition',
  sourceOffset: 'source-offset',
} as const;

/** The headers every record carries (checked over every topic by the end-to-end test). */
export const REQUIRED_HEADERS = [
  HEADERS.correlationId,
  HEADERS.schema,
  HEADERS.producer,
  HEADERS.sourceTopic,
  HEADERS.sourcePartition,
  HEADERS.sourceOffset,
] as const;

/** Schema name of every dead-letter record (on `<topic>.dlq` and `telemetry.message.rejected.v1` alike). */
export const DEAD_LETTER_SCHEMA = 'dead-letter.v1' as const;
