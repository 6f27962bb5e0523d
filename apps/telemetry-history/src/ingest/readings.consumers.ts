import { Inject, Injectable, type Type } from '@nestjs/common';
import { TOPICS, type TopicValue } from '@tsunagu/contracts';
import { BatchConsumer, type Delivery, type Tx } from '@tsunagu/platform';
import { machineReading, vehicleReading, type StoredReading } from '@tsunagu/telemetry-history';
import { TELEMETRY_HISTORY_GROUPS } from '../telemetry-history.constants';
import { ReadingsWriter } from './readings.writer';

type TelemetryTopic = typeof TOPICS.machineTelemetry | typeof TOPICS.vehicleTelemetry;

/**
 * A consumer of one telemetry topic as its own group: `prepare` turns each record
 * into its stored form outside the transaction; `handle` writes the batch.
 * Returned as a plain `Type<BatchConsumer>`: `ServiceDefinition.consumers` is typed
 * for consumers without a `prepare` result (its `P` is `undefined`).
 */
function readingsConsumer<T extends TelemetryTopic>(name: string, topic: T, group: string, toStored: (value: TopicValue<T>) => StoredReading): Type<BatchConsumer> {
  @Injectable()
  class ReadingsConsumer extends BatchConsumer<T, StoredReading> {
    readonly topic = topic;
    readonly group = group;

    constructor(@Inject(ReadingsWriter) private readonly writer: ReadingsWriter) {
      super();
    }

    override prepare(value: TopicValue<T>): StoredReading {
      return toStored(value);
    }

    async handle(tx: Tx, deliveries: ReadonlyArray<Delivery<TopicValue<T>, StoredReading>>): Promise<void> {
      await this.writer.write(tx, deliveries.map((d) => d.prepared));
    }
  }
  Object.defineProperty(ReadingsConsumer, 'name', { value: name });
  return ReadingsConsumer as unknown as Type<BatchConsumer>;
}

/** Machine telemetry as the `telemetry-history-machines` group: every accepted reading kept. */
export const MachineReadingsConsumer = readingsConsumer('MachineReadingsConsumer', TOPICS.machineTelemetry, TELEMETRY_HISTORY_GROUPS.machines, machineReading);

/** Vehicle telemetry as the `telemetry-history-vehicles` group (the positions make the tracks). */
export const VehicleReadingsConsumer = readingsConsumer('VehicleReadingsConsumer', TOPICS.vehicleTelemetry, TELEMETRY_HISTORY_GROUPS.vehicles, vehicleReading);
