import { TOPICS, type TopicValue } from '@tsunagu/contracts';
import { consumerOf } from '@tsunagu/platform';
import { machineReading, vehicleReading, type StoredReading } from '@tsunagu/telemetry-history';
import { TELEMETRY_HISTORY_GROUPS } from '../telemetry-history.constants';
import { ReadingsWriter } from './readings.writer';

/** partition batches each group writes at once (two groups: six of the pool's ten connections at most) */
const HISTORY_PARTITIONS_AT_ONCE = 3;

type TelemetryTopic = typeof TOPICS.machineTelemetry | typeof TOPICS.vehicleTelemetry;

/**
 * A consumer of one telemetry topic as its own group: `prepare` turns each record
 * into its stored form outside the transaction; `handle` writes the batch.
 */
const readingsConsumer = <T extends TelemetryTopic>(name: string, topic: T, group: string, toStored: (value: TopicValue<T>) => StoredReading) =>
  consumerOf({
    name,
    topic,
    group,
    service: ReadingsWriter,
    prepare: (_writer, value: TopicValue<T>) => toStored(value),
    handle: (writer, tx, deliveries) => writer.write(tx, deliveries.map((d) => d.prepared)),
    // readings, roll-ups and device rows are all per device (the record key); new table partitions are made under an advisory lock
    partitionsConcurrently: HISTORY_PARTITIONS_AT_ONCE,
  });

/** Machine telemetry as the `telemetry-history-machines` group: every accepted reading kept. */
export const MachineReadingsConsumer = readingsConsumer('MachineReadingsConsumer', TOPICS.machineTelemetry, TELEMETRY_HISTORY_GROUPS.machines, machineReading);

/** Vehicle telemetry as the `telemetry-history-vehicles` group (the positions make the tracks). */
export const VehicleReadingsConsumer = readingsConsumer('VehicleReadingsConsumer', TOPICS.vehicleTelemetry, TELEMETRY_HISTORY_GROUPS.vehicles, vehicleReading);
