import { TOPICS, type TopicValue } from '@tsunagu/contracts';
import { consumerOf } from '@tsunagu/platform';
import { machineReading, vehicleReading, type StoredReading } from '@tsunagu/telemetry-history';
import { TELEMETRY_HISTORY_GROUPS } from '../telemetry-history.constants';
import { ReadingsWriter } from './readings.writer';

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
  });

/** Machine telemetry as the `telemetry-history-machines` group: every accepted reading kept. */
export const MachineReadingsConsumer = readingsConsumer('MachineReadingsConsumer', TOPICS.machineTelemetry, TELEMETRY_HISTORY_GROUPS.machines, machineReading);

/** Vehicle telemetry as the `telemetry-history-vehicles` group (the positions make the tracks). */
export const VehicleReadingsConsumer = readingsConsumer('VehicleReadingsConsumer', TOPICS.vehicleTelemetry, TELEMETRY_HISTORY_GROUPS.vehicles, vehicleReading);
