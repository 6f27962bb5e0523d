/** The vehicle-monitoring service's public entry (the all-in-one process and other apps' tests import only this). */
export { VehicleMonitoringModule, VEHICLE_MONITORING_SERVICE } from './vehicle-monitoring.module';
export { vehicleMonitoringEnv, type VehicleMonitoringOptions } from './vehicle-monitoring.config';
export { VEHICLE_MONITORING_CONSUMER_GROUP, VEHICLE_MONITORING_SCHEMA } from './vehicle-monitoring.constants';
export { VEHICLE_MONITORING_TABLES } from './vehicle-monitoring.tables';
export { VehicleMonitoringService } from './monitoring/vehicle-monitoring.service';
export { OfflineSweepJob } from './monitoring/offline-sweep.job';
// the batch path's parts, for the benchmark that builds it without Nest
export { TelemetryConsumer } from './monitoring/telemetry.consumer';
export { VehicleMonitoringRepository } from './monitoring/vehicle-monitoring.repository';
