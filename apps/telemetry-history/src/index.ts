/** The telemetry-history service's public entry (the all-in-one process and other apps' tests import only this). */
export { TelemetryHistoryModule, TELEMETRY_HISTORY_SERVICE } from './telemetry-history.module';
export { telemetryHistoryEnv, type TelemetryHistoryOptions } from './telemetry-history.config';
export { TELEMETRY_HISTORY_GROUPS, TELEMETRY_HISTORY_SCHEMA } from './telemetry-history.constants';
export { TELEMETRY_HISTORY_TABLES } from './telemetry-history.tables';
export { PartitionJob } from './storage/partition.job';
