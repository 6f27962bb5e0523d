import { serviceModuleClass, serviceOptions, serviceDefinition } from '@tsunagu/platform';
import { ModelsController } from './catalogue/models.controller';
import { DevicesController } from './history/devices.controller';
import { ExportController } from './history/export.controller';
import { HistoryRepository } from './history/history.repository';
import { HistoryService } from './history/history.service';
import { MachineReadingsConsumer, VehicleReadingsConsumer } from './ingest/readings.consumers';
import { ReadingsWriter } from './ingest/readings.writer';
import { TelemetryHistoryInit1765000000200 } from './migrations/1765000000200-telemetry-history-init';
import { PartitionJob } from './storage/partition.job';
import { PartitionManager } from './storage/partition-manager';
import { telemetryHistoryEnv, telemetryHistoryOptionsFromEnv, type TelemetryHistoryOptions } from './telemetry-history.config';
import { TELEMETRY_HISTORY_TOKENS } from './telemetry-history.constants';
import { TELEMETRY_HISTORY_TABLES } from './telemetry-history.tables';

/** Telemetry history as the kernel builds it: schema, tables, options, consumers, the partition job, HTTP. */
export const TELEMETRY_HISTORY_SERVICE = serviceDefinition<TelemetryHistoryOptions>({
  name: 'telemetry-history',
  migrations: [TelemetryHistoryInit1765000000200],
  tables: TELEMETRY_HISTORY_TABLES,
  options: serviceOptions(TELEMETRY_HISTORY_TOKENS.options, telemetryHistoryEnv, telemetryHistoryOptionsFromEnv),
  consumers: [MachineReadingsConsumer, VehicleReadingsConsumer],
  jobs: [PartitionJob],
  produces: [],
  controllers: [DevicesController, ExportController, ModelsController],
  providers: [PartitionManager, ReadingsWriter, HistoryRepository, HistoryService],
});

/**
 * Telemetry history: keeps every accepted machine and vehicle reading (day
 * partitions, retention by dropping partitions), maintains per-minute and
 * per-hour roll-ups as readings arrive, and serves latest values, downsampled
 * history, raw export and vehicle tracks.
 */
export const TelemetryHistoryModule = serviceModuleClass('TelemetryHistoryModule', TELEMETRY_HISTORY_SERVICE);
